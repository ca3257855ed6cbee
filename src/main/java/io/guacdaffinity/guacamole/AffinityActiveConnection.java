package io.guacdaffinity.guacamole;

import io.guacdaffinity.ring.Member;
import io.guacdaffinity.tunnel.CountedTunnel;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.net.auth.ActiveConnection;
import org.apache.guacamole.net.auth.credentials.UserCredentials;
import org.apache.guacamole.protocol.GuacamoleClientInformation;
import org.apache.guacamole.protocol.GuacamoleConfiguration;

import java.util.Date;
import java.util.Map;

/**
 * An active connection whose join or monitor reaches the guacd hosting it. When the session runs in
 * a tunnel this extension opened, and the provider allows connecting to it, the join goes to the
 * member that answered {@code ready $id}; otherwise (JDBC and everything else) the provider's own
 * join runs, which for JDBC reuses the primary connection and so already lands on the right guacd.
 * guacamole-ext has no DelegatingActiveConnection, hence the hand-written delegation.
 */
final class AffinityActiveConnection implements ActiveConnection {

    private final ActiveConnection delegate;
    private final AffinityUserContext context;

    AffinityActiveConnection(ActiveConnection delegate, AffinityUserContext context) {
        this.delegate = delegate;
        this.context = context;
    }

    ActiveConnection getUndecorated() {
        return delegate;
    }

    @Override
    public GuacamoleTunnel connect(GuacamoleClientInformation info, Map<String, String> tokens)
            throws GuacamoleException {
        GuacamoleTunnel tunnel = delegate.getTunnel();
        String id = tunnel instanceof CountedTunnel ? ((CountedTunnel) tunnel).connectionId() : null;
        Member member = context.service().joins().memberOf(id);
        if (member == null || !delegate.isConnectable())
            return delegate.connect(info, tokens);
        GuacamoleConfiguration join = new GuacamoleConfiguration();
        join.setConnectionID(id);
        return context.service().tunnelRouter().join(member, context.login().logName(),
                "active connection " + delegate.getIdentifier(), join, info);
    }

    @Override
    public boolean isConnectable() {
        return delegate.isConnectable();
    }

    @Override
    public int getActiveConnections() {
        return delegate.getActiveConnections();
    }

    @Override
    public String getIdentifier() {
        return delegate.getIdentifier();
    }

    @Override
    public void setIdentifier(String identifier) {
        delegate.setIdentifier(identifier);
    }

    @Override
    public String getConnectionIdentifier() {
        return delegate.getConnectionIdentifier();
    }

    @Override
    public void setConnectionIdentifier(String identifier) {
        delegate.setConnectionIdentifier(identifier);
    }

    @Override
    public String getSharingProfileIdentifier() {
        return delegate.getSharingProfileIdentifier();
    }

    @Override
    public void setSharingProfileIdentifier(String identifier) {
        delegate.setSharingProfileIdentifier(identifier);
    }

    @Override
    public Date getStartDate() {
        return delegate.getStartDate();
    }

    @Override
    public void setStartDate(Date startDate) {
        delegate.setStartDate(startDate);
    }

    @Override
    public String getRemoteHost() {
        return delegate.getRemoteHost();
    }

    @Override
    public void setRemoteHost(String remoteHost) {
        delegate.setRemoteHost(remoteHost);
    }

    @Override
    public String getUsername() {
        return delegate.getUsername();
    }

    @Override
    public void setUsername(String username) {
        delegate.setUsername(username);
    }

    @Override
    public GuacamoleTunnel getTunnel() {
        return delegate.getTunnel();
    }

    @Override
    public void setTunnel(GuacamoleTunnel tunnel) {
        delegate.setTunnel(tunnel);
    }

    @Override
    public UserCredentials getSharingCredentials(String identifier) throws GuacamoleException {
        return delegate.getSharingCredentials(identifier);
    }
}
