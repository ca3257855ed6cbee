/*
 * Controllers of guacd-affinity's admin page: the status table, and the user-menu entry that only
 * administrators see (the menu asks the cheap "access" call; the status itself answers everyone
 * else with 403).
 */

angular.module('guacdAffinity').controller('guacdAffinityStatusController', ['$scope', '$injector',
        function guacdAffinityStatusController($scope, $injector) {

    var $interval = $injector.get('$interval');
    var guacdAffinityService = $injector.get('guacdAffinityService');

    /** How often the page asks for a new report. */
    var REFRESH_INTERVAL = 5000;

    $scope.status = null;
    $scope.denied = false;
    $scope.error = null;
    $scope.updated = null;

    /** The number of live tunnels a full load bar stands for. */
    var scale = 1;

    var rescale = function rescale(status) {
        scale = 1;
        angular.forEach(status.members, function eachMember(member) {
            scale = Math.max(scale, member.liveTunnels, member.capacity || 0);
        });
    };

    /** Width of a member's load bar, in percent. */
    $scope.loadPercent = function loadPercent(member) {
        return Math.min(100, Math.round(100 * member.liveTunnels / scale));
    };

    /** True when bounded load is on and new pins skip the member. */
    $scope.atCeiling = function atCeiling(member) {
        return member.capacity !== null && member.capacity !== undefined && member.liveTunnels >= member.capacity;
    };

    var timer = null;

    var refresh = function refresh() {
        guacdAffinityService.getStatus().then(function statusRetrieved(status) {
            rescale(status);
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
