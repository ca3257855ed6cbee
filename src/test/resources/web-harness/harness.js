/*
 * Test-only stand-ins for the pieces of Guacamole's shell that the admin page uses: the 'index'
 * module, ngRoute's $routeProvider (recording routes), authenticationService and the translate
 * filter. Everything else (module, route, service, controllers, template) is the extension's own.
 */
(function harness() {

    var params = new URLSearchParams(window.location.search);
    var token = params.get('token') || '';
    var language = params.get('lang') || 'en';
    var translations = {};

    angular.module('ngRoute', []).provider('$route', function RouteProvider() {
        var routes = {};
        this.when = function when(path, route) {
            routes[path] = route;
            return this;
        };
        this.$get = function getRoutes() {
            return { routes : routes };
        };
    });

    angular.module('index', []);

    // As Guacamole's own configuration: routes after a bare '#', not '#!'.
    angular.module('index').config(['$locationProvider', function noHashBang($locationProvider) {
        $locationProvider.hashPrefix('');
    }]);

    angular.module('index').factory('authenticationService', ['$http', '$q', function authenticationService($http, $q) {
        return {
            updateCurrentToken : function updateCurrentToken() {
                return $q.resolve();
            },
            // As Guacamole's: token in a header, resolve with the body, reject with the REST error.
            request : function request(object) {
                object.headers = angular.extend({}, object.headers, { 'Guacamole-Token' : token });
                return $http(object).then(function ok(response) {
                    return response.data;
                }, function failed(response) {
                    throw response.data || { message : 'HTTP ' + response.status };
                });
            }
        };
    }]);

    angular.module('index').filter('translate', function translateFilter() {
        return function translate(key, variables) {
            var value = String(key).split('.').reduce(function step(node, part) {
                return node && node[part];
            }, translations);
            if (typeof value !== 'string')
                return 'MISSING:' + key;
            return value.replace(/\{([A-Z_]+)\}/g, function fill(all, name) {
                return variables && name in variables ? variables[name] : all;
            });
        };
    });

    // Plays ng-view for the one route the extension declares; with ?view=menu, shows only the
    // user-menu entry instead, as Guacamole patches it into the menu of every page.
    angular.module('index').run(['$route', '$injector', '$templateRequest', '$compile', '$controller', '$rootScope',
            function showStatusRoute($route, $injector, $templateRequest, $compile, $controller, $rootScope) {
        if (params.get('view') === 'menu') {
            $templateRequest('app/ext/guacd-affinity/web/templates/userMenuEntry.html').then(function show(html) {
                var view = angular.element(document.getElementById('view'));
                view.html(html);
                $compile(view.contents())($rootScope.$new());
            });
            return;
        }
        var route = $route.routes['/guacd-affinity/status'];
        $injector.invoke(route.resolve.updateCurrentToken).then(function tokenChecked() {
            return $templateRequest(route.templateUrl);
        }).then(function show(html) {
            var view = angular.element(document.getElementById('view'));
            view.html(html);
            var scope = $rootScope.$new();
            $controller(route.controller, { $scope : scope });
            $compile(view.contents())(scope);
            document.body.className = route.bodyClassName;
        });
    }]);

    fetch('app/ext/guacd-affinity/translations/' + language + '.json')
        .then(function parse(response) { return response.json(); })
        .then(function start(loaded) {
            translations = loaded;
            angular.bootstrap(document, ['index']);
        });

})();
