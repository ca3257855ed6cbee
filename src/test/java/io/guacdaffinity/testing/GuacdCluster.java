package io.guacdaffinity.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Several {@link GuacdDouble}s started and closed together, like the pods of a guacd StatefulSet. */
public final class GuacdCluster implements AutoCloseable {

    private final List<GuacdDouble> doubles;

    private GuacdCluster(List<GuacdDouble> doubles) {
        this.doubles = Collections.unmodifiableList(doubles);
    }

    /** Starts {@code count} doubles named {@code guacd-stateful-0} .. {@code guacd-stateful-(count-1)}. */
    public static GuacdCluster start(int count) throws IOException {
        if (count < 1)
            throw new IllegalArgumentException("A cluster needs at least one guacd, not " + count);
        String[] names = new String[count];
        for (int i = 0; i < count; i++)
            names[i] = "guacd-stateful-" + i;
        return start(names);
    }

    /** Starts one double per name, each on its own free loopback port. */
    public static GuacdCluster start(String... names) throws IOException {
        List<GuacdDouble> started = new ArrayList<>();
        try {
            for (String name : names) {
                if (started.stream().anyMatch(existing -> existing.name().equals(name)))
                    throw new IllegalArgumentException("Duplicate guacd name " + name);
                started.add(GuacdDouble.start(name));
            }
        }
        catch (IOException | RuntimeException e) {
            started.forEach(GuacdDouble::close);
            throw e;
        }
        return new GuacdCluster(new ArrayList<>(started));
    }

    public List<GuacdDouble> doubles() {
        return doubles;
    }

    public GuacdDouble get(int index) {
        return doubles.get(index);
    }

    public int size() {
        return doubles.size();
    }

    public GuacdDouble byName(String name) {
        for (GuacdDouble guacd : doubles)
            if (guacd.name().equals(name))
                return guacd;
        throw new IllegalArgumentException("No guacd named " + name + " in " + doubles);
    }

    public GuacdDouble byPort(int port) {
        for (GuacdDouble guacd : doubles)
            if (guacd.port() == port)
                return guacd;
        throw new IllegalArgumentException("No guacd on port " + port + " in " + doubles);
    }

    /** The double that issued {@code connectionId} (live or not), if any did. */
    public Optional<GuacdDouble> whoServed(String connectionId) {
        for (GuacdDouble guacd : doubles)
            if (guacd.issued(connectionId))
                return Optional.of(guacd);
        return Optional.empty();
    }

    public int liveSessions() {
        int total = 0;
        for (GuacdDouble guacd : doubles)
            total += guacd.liveSessions();
        return total;
    }

    /** Polls until the live sessions of all doubles add up to {@code count}. */
    public boolean awaitLive(int count, Duration timeout) {
        return GuacdDouble.poll(() -> liveSessions() == count, timeout);
    }

    @Override
    public void close() {
        doubles.forEach(GuacdDouble::close);
    }

    @Override
    public String toString() {
        return doubles.toString();
    }
}
