package io.guacdaffinity.admin;

import io.guacdaffinity.conf.ConnectionAffinity;

/** What an explain call asks: this user, this connection (with its own attributes), from this address. */
public final class ExplainQuery {

    private final String username;
    private final String connection;
    private final String dataSource;
    private final ConnectionAffinity affinity;
    private final String clientAddress;

    public ExplainQuery(String username, String connection, String dataSource, ConnectionAffinity affinity,
            String clientAddress) {
        this.username = username;
        this.connection = connection;
        this.dataSource = dataSource;
        this.affinity = affinity;
        this.clientAddress = clientAddress;
    }

    public String username() {
        return username;
    }

    public String connection() {
        return connection;
    }

    public String dataSource() {
        return dataSource;
    }

    public ConnectionAffinity affinity() {
        return affinity;
    }

    /** The address the user would connect from; null when unknown (only client-ip keys need it). */
    public String clientAddress() {
        return clientAddress;
    }
}
