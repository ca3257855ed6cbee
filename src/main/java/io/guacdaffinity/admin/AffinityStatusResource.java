package io.guacdaffinity.admin;

import io.guacdaffinity.conf.ConnectionAffinity;
import io.guacdaffinity.conf.Excerpt;

import org.apache.guacamole.GuacamoleClientException;
import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.GuacamoleResourceNotFoundException;
import org.apache.guacamole.net.auth.Connection;
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
    private final AdminReports source;

    public AffinityStatusResource(AdminAccess access, AdminReports source) {
        this.access = access;
        this.source = source;
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
        return source.report();
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
            answer = source.explain(new ExplainQuery(user.trim(), connection, found.dataSource, affinity,
                    clientAddress));
        }
        catch (IllegalArgumentException e) {
            throw new GuacamoleClientException(e.getMessage(), e);
        }
        if (!problem.isEmpty())
            answer.attributeProblem = problem.get(0) + "; the connection is routed as if unset";
        return answer;
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
                    + " is visible to you.");
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
