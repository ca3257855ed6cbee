/*
 * guacd-affinity's admin page for Guacamole's AngularJS web application (1.5.x, 1.6.x).
 * Guacamole concatenates every extension's "js" files into its app.js, after its own modules.
 */

/** The admin status page and its user-menu entry. */
angular.module('guacdAffinity', ['ngRoute']);

// Load along with the rest of Guacamole's application.
angular.module('index').requires.push('guacdAffinity');

angular.module('guacdAffinity').config(['$routeProvider', function guacdAffinityRoutes($routeProvider) {

    $routeProvider.when('/guacd-affinity/status', {
        title         : 'APP.NAME',
        bodyClassName : 'settings',
        templateUrl   : 'app/ext/guacd-affinity/web/templates/status.html',
        controller    : 'guacdAffinityStatusController',
        resolve       : {
            // As Guacamole's own routes do: accept a token given in the URL.
            updateCurrentToken : ['$injector', function updateCurrentToken($injector) {
                var $location = $injector.get('$location');
                return $injector.get('authenticationService').updateCurrentToken($location.search());
            }]
        }
    });

}]);

/** Reads the admin REST resource of the extension's own data source, "guacd-affinity". */
angular.module('guacdAffinity').factory('guacdAffinityService', ['$injector', function guacdAffinityService($injector) {

    var authenticationService = $injector.get('authenticationService');

    return {
        /** Resolves with the status report; rejects with Guacamole's REST error (type PERMISSION_DENIED for non-admins). */
        getStatus : function getStatus() {
            return authenticationService.request({
                method : 'GET',
                url    : 'api/session/ext/guacd-affinity/status'
            });
        },

        /**
         * Resolves with the explain answer for {user, connection, dataSource, clientAddress} (empty
         * values left out); rejects with Guacamole's REST error, such as 404 for an unknown connection.
         */
        explain : function explain(query) {
            var params = {};
            angular.forEach(query, function keep(value, name) {
                if (value)
                    params[name] = value;
            });
            return authenticationService.request({
                method : 'GET',
                url    : 'api/session/ext/guacd-affinity/explain',
                params : params
            });
        },

        /**
         * Resolves with true when this login may open the status page: a permission check on the
         * server, without the report, for the user menu on every page.
         */
        isAdministrator : function isAdministrator() {
            return authenticationService.request({
                method : 'GET',
                url    : 'api/session/ext/guacd-affinity/access'
            }).then(function answered(access) {
                return !!(access && access.administrator);
            });
        }
    };

}]);
