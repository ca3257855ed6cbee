package io.guacdaffinity.membership;

import org.xbill.DNS.Message;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Sends one query to one DNS server and returns its answer, whatever the rcode. */
interface DnsExchange {

    /**
     * @throws IOException when no parsable answer arrived (refused, unreachable, garbled)
     * @throws java.util.concurrent.TimeoutException when nothing arrived within {@code timeout}
     */
    Message send(InetSocketAddress server, Message query, Duration timeout)
            throws IOException, java.util.concurrent.TimeoutException;
}
