package io.guacdaffinity.admin;

import io.guacdaffinity.conf.ConnectionAffinity;
import io.guacdaffinity.conf.Excerpt;
import io.guacdaffinity.guacamole.DecoratedContexts;

import org.apache.guacamole.GuacamoleClientException;
import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleResourceNotFoundException;
import org.apache.guacamole.net.auth.Connection;
import org.apache.guacamole.net.auth.Directory;
import org.apache.guacamole.net.auth.User;
import org.apache.guacamole.net.auth.UserContext;

import java.util.ArrayList;
import java.util.List;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

/**
 * The admin REST resource, served at {@code /api/session/ext/guacd-affinity/}. Every call but
 * {@link #getAccess()} checks system ADMINISTER first; Guacamole turns the refusal into HTTP 403.
 */
@Produces(MediaType.APPLICATION_JSON)
public class AffinityStatusResource {

    private final AdminAccess access;
    private final AdminReports reports;
    private final DecoratedContexts logins;

    /** @param logins every login decorated on this Guacamole server, for whether a user has one open */
    public AffinityStatusResource(AdminAccess access, AdminReports reports, DecoratedContexts logins) {
        this.access = access;
        this.reports = reports;
        this.logins = logins;
    }

    /**
     * Whether this login may open the status page, for the user menu, which asks at every page: the
     * login's own permissions only, without building the report. Answers everyone (false for
     * anyone who is not an administrator).
     */
    @GET
    @Path("access")
    public AccessAnswer getAccess() {
        return new AccessAnswer(access.isAdministrator());
    }

    /** Members, membership, who is where and the settings in effect. */
    @GET
    @Path("status")
    public StatusReport getStatus() throws GuacamoleException {
        access.requireAdministrator();
        return reports.report();
    }

    /**
     * The member {@code user} would get on {@code connection} now, and why. Changes nothing.
     *
     * @param dataSource    needed only when the identifier exists in more than one data source
     * @param clientAddress the user's address, for connections keyed on client-ip
     */
    @GET
    @Path("explain")
    public RouteExplanation explain(@QueryParam("user") String user, @QueryParam("connection") String connection,
            @QueryParam("dataSource") String dataSource, @QueryParam("clientAddress") String clientAddress)
            throws GuacamoleException {
        List<UserContext> contexts = access.requireAdministrator();
        if (user == null || user.trim().isEmpty() || connection == null || connection.isEmpty())
            throw new GuacamoleClientException("explain needs user=<username> and connection=<identifier>"
                    + " (and dataSource=<identifier> when the connection exists in several data sources)");
        Found found = find(contexts, connection, dataSource);
        List<String> problem = new ArrayList<>(1);
        ConnectionAffinity affinity = ConnectionAffinity.fromOrInherit(found.connection.getAttributes(),
                e -> problem.add(e.getMessage()));
        RouteExplanation answer;
        try {
            answer = reports.explain(new ExplainQuery(user.trim(), connection, found.dataSource, affinity,
                    clientAddress));
        }
        catch (IllegalArgumentException e) {
            throw new GuacamoleClientException(e.getMessage(), e);
        }
        if (!problem.isEmpty())
            answer.attributeProblem = problem.get(0) + "; the connection is routed as if unset";
        String name = user.trim();
        answer.loggedInHere = logins.hasLoginOf(name);
        answer.userKnown = userKnown(contexts, name);
        addHints(answer, contexts);
        return answer;
    }

    /** True when a directory has the user, false when every directory asked answers without it, null when none answers. */
    private static Boolean userKnown(List<UserContext> contexts, String username) {
        boolean asked = false;
        for (UserContext context : contexts) {
            try {
                Directory<User> users = context.getUserDirectory();
                if (users == null)
                    continue;
                if (users.get(username) != null)
                    return true;
                asked = true;
            }
            catch (GuacamoleException e) {
                // a directory this admin may not read tells nothing either way
            }
        }
        return asked ? false : null;
    }

    private static void addHints(RouteExplanation answer, List<UserContext> contexts) {
        boolean keyedOnLogin = answer.key != null && !"FIXED".equals(answer.reason)
                && ("user".equals(answer.keyMode) || "session".equals(answer.keyMode));
        String who = Excerpt.quoted(answer.user);
        if (Boolean.FALSE.equals(answer.userKnown) && !answer.loggedInHere)
            answer.hints.add("No data source visible to you (" + dataSources(contexts) + ") has a user " + who
                    + ", and no login of that name is open on this Guacamole server: check the spelling."
                    + " The answer is where a user of that name would go.");
        else if (!answer.loggedInHere && keyedOnLogin)
            answer.hints.add(who + " has no login open on this Guacamole server, so no live tunnels here:"
                    + " the answer is where their next connect would go by the ring. Other Guacamole servers"
                    + " count their own tunnels.");
    }

    private static String dataSources(List<UserContext> contexts) {
        // Sorted: the login's contexts come in no particular order.
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (UserContext context : contexts)
            names.add(context.getAuthenticationProvider().getIdentifier());
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static Found find(List<UserContext> contexts, String identifier, String dataSource)
            throws GuacamoleException {
        List<Found> hits = new ArrayList<>();
        for (UserContext context : contexts) {
            String ds = context.getAuthenticationProvider().getIdentifier();
            if (dataSource != null && !dataSource.isEmpty() && !dataSource.equals(ds))
                continue;
            Connection c = context.getConnectionDirectory().get(identifier);
            if (c != null)
                hits.add(new Found(ds, c));
        }
        if (hits.isEmpty())
            throw new GuacamoleResourceNotFoundException("No connection " + Excerpt.quoted(identifier)
                    + (dataSource == null || dataSource.isEmpty() ? "" : " in data source " + Excerpt.quoted(dataSource))
                    + " is visible to you (data sources searched: " + dataSources(contexts) + "); connection="
                    + " takes the identifier in the connection editor's address, such as 12.");
        if (hits.size() > 1) {
            List<String> sources = new ArrayList<>();
            for (Found f : hits)
                sources.add(f.dataSource);
            throw new GuacamoleClientException("Connection " + Excerpt.quoted(identifier) + " exists in data sources "
                    + String.join(", ", sources) + ": add dataSource=<one of them>.");
        }
        return hits.get(0);
    }

    private static final class Found {
        final String dataSource;
        final Connection connection;

        Found(String dataSource, Connection connection) {
            this.dataSource = dataSource;
            this.connection = connection;
        }
    }
}
