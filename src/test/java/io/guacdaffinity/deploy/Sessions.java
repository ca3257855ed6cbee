package io.guacdaffinity.deploy;

/** A listener on a loopback port that holds established connections, as guacd holds sessions. */
interface Sessions extends AutoCloseable {

    int port();

    /** Opens {@code count} more connections; each is established on both sides when this returns. */
    void open(int count) throws Exception;

    /** Closes {@code count} of the open connections, both sides. */
    void close(int count) throws Exception;

    /** Closes the listening socket; open connections stay open. */
    void stopListening() throws Exception;

    @Override
    void close() throws Exception;
}
