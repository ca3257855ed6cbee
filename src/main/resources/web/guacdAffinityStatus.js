/*
 * Controllers of guacd-affinity's admin page: the status table, and the user-menu entry that only
 * administrators see (the menu asks the cheap "access" call; the status itself answers everyone
 * else with 403).
 */

angular.module('guacdAffinity').controller('guacdAffinityStatusController', ['$scope', '$injector',
        function guacdAffinityStatusController($scope, $injector) {

    var $interval = $injector.get('$interval');
    var $location = $injector.get('$location');
    var guacdAffinityService = $injector.get('guacdAffinityService');

    /** How often the page asks for a new report. */
    var REFRESH_INTERVAL = 5000;

    $scope.status = null;
    $scope.denied = false;
    $scope.error = null;
    $scope.updated = null;

    /** Live tunnels of the busiest member: what a full bar stands for while bounded load is off. */
    $scope.busiest = 0;

    /** True when bounded load is on: bars then stand for each member's own capacity. */
    $scope.bounded = function bounded(member) {
        return member.capacity !== null && member.capacity !== undefined;
    };

    /** Width of a member's load bar, in percent of its capacity, or of the busiest member's tunnels. */
    $scope.loadPercent = function loadPercent(member) {
        var full = $scope.bounded(member) ? member.capacity : $scope.busiest;
        if (!full)
            return 0;
        return Math.min(100, Math.round(100 * member.liveTunnels / full));
    };

    /** True when bounded load is on and new connects skip the member. */
    $scope.atCeiling = function atCeiling(member) {
        return $scope.bounded(member) && member.liveTunnels >= member.capacity;
    };

    var measure = function measure(status) {
        var busiest = 0;
        angular.forEach(status.members, function eachMember(member) {
            busiest = Math.max(busiest, member.liveTunnels);
        });
        $scope.busiest = busiest;
    };

    /** What the explain form asks; filled from the page address (…/status?user=alice&connection=12) when given. */
    var search = $location.search();
    $scope.query = {
        user          : search.user || '',
        connection    : search.connection || '',
        dataSource    : search.dataSource || '',
        clientAddress : search.clientAddress || ''
    };
    $scope.explanation = null;
    $scope.explainError = null;

    /** Asks the server which member the query's user would get on its connection now, and why. */
    $scope.explain = function explain() {
        guacdAffinityService.explain($scope.query).then(function explained(answer) {
            $scope.explanation = answer;
            $scope.explainError = null;
        }, function notExplained(error) {
            $scope.explanation = null;
            $scope.explainError = (error && error.message) || 'no answer';
        });
    };

    if ($scope.query.user && $scope.query.connection)
        $scope.explain();

    var timer = null;

    var refresh = function refresh() {
        guacdAffinityService.getStatus().then(function statusRetrieved(status) {
            measure(status);
            $scope.status = status;
            $scope.error = null;
            $scope.updated = status.generatedAt;
        }, function statusFailed(error) {
            if (error && error.type === 'PERMISSION_DENIED') {
                $scope.denied = true;
                $scope.status = null;
                $interval.cancel(timer);
            }
            else
                $scope.error = (error && error.message) || 'no answer';
        });
    };

    refresh();
    timer = $interval(refresh, REFRESH_INTERVAL);
    $scope.$on('$destroy', function stopRefreshing() {
        $interval.cancel(timer);
    });

}]);

angular.module('guacdAffinity').controller('guacdAffinityMenuController', ['$scope', '$injector',
        function guacdAffinityMenuController($scope, $injector) {

    $scope.guacdAffinityVisible = false;
    $injector.get('guacdAffinityService').isAdministrator().then(function answered(administrator) {
        $scope.guacdAffinityVisible = administrator;
    }, function unknown() {
        $scope.guacdAffinityVisible = false;
    });

}]);
