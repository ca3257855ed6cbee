package io.guacdaffinity.ring;

/**
 * One guacd daemon that can hold sessions. Its identity on the ring is the stable
 * {@link #name()} (a StatefulSet pod name such as {@code guacd-stateful-0}), never its
 * address, so that a pod restarted with a new IP keeps every key it owned.
 */
public final class Member implements Comparable<Member> {

    private final String name;
    private final String host;
    private final int port;
    private final int weight;

    public Member(String name, String host, int port, int weight) {
        if (name == null || name.isEmpty())
            throw new IllegalArgumentException("member name must not be empty");
        if (!HostNames.isValid(host))
            throw new IllegalArgumentException("member \"" + name + "\": host \"" + host
                    + "\" is not accepted (" + HostNames.ACCEPTED + ")");
        if (port < 1 || port > 65535)
            throw new IllegalArgumentException("member \"" + name + "\": port " + port
                    + " is not accepted (1-65535)");
        if (weight <= 0)
            throw new IllegalArgumentException("member \"" + name + "\": weight " + weight
                    + " is not accepted (a whole number of at least 1)");
        this.name = name;
        this.host = host;
        this.port = port;
        this.weight = weight;
    }

    public Member(String name, String host, int port) {
        this(name, host, port, 1);
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public int weight() {
        return weight;
    }

    /** Same name, different address or weight: the ring keeps the key mapping but connects elsewhere. */
    public boolean sameIdentity(Member other) {
        return other != null && name.equals(other.name);
    }

    @Override
    public int compareTo(Member other) {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o)
            return true;
        if (!(o instanceof Member))
            return false;
        Member m = (Member) o;
        return port == m.port && weight == m.weight && name.equals(m.name) && host.equals(m.host);
    }

    @Override
    public int hashCode() {
        // Written out rather than Objects.hash, whose varargs form allocates an array and boxes the ints.
        int h = name.hashCode();
        h = 31 * h + host.hashCode();
        h = 31 * h + port;
        return 31 * h + weight;
    }

    @Override
    public String toString() {
        return name + "=" + host + ":" + port + (weight != 1 ? "*" + weight : "");
    }
}
