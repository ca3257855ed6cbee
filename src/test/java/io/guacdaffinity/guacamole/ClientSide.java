package io.guacdaffinity.guacamole;

import org.apache.guacamole.GuacamoleException;
import org.apache.guacamole.io.GuacamoleReader;
import org.apache.guacamole.io.GuacamoleWriter;
import org.apache.guacamole.net.GuacamoleTunnel;
import org.apache.guacamole.protocol.GuacamoleInstruction;

/** What Guacamole's web client does with a tunnel, reduced to what the tests need. */
final class ClientSide {

    private ClientSide() {
    }

    /**
     * Reads the tunnel as the client would, answering each {@code sync} with its own, until
     * {@code count} syncs stamped (by guacd's clock, here the same machine's) after
     * {@code sinceMillis} have arrived. Older syncs waiting in the socket are read and answered on
     * the way. Blocks at most the tunnel's read timeout per instruction.
     *
     * @return the stamp of the last sync read
     * @throws AssertionError when the tunnel ends or fails first
     */
    static long readSyncsStampedAfter(GuacamoleTunnel tunnel, long sinceMillis, int count) {
        int later = 0;
        int all = 0;
        long last = 0;
        GuacamoleReader reader = tunnel.acquireReader();
        try {
            while (later < count) {
                GuacamoleInstruction instruction = reader.readInstruction();
                if (instruction == null)
                    throw new AssertionError("the tunnel ended after " + all + " syncs, " + later
                            + " of them stamped after " + sinceMillis);
                if (!"sync".equals(instruction.getOpcode()))
                    continue;
                all++;
                String stamp = instruction.getArgs().get(0);
                last = Long.parseLong(stamp);
                if (last > sinceMillis)
                    later++;
                answer(tunnel, stamp);
            }
        }
        catch (GuacamoleException e) {
            throw new AssertionError("reading the tunnel failed after " + all + " syncs: " + e, e);
        }
        finally {
            tunnel.releaseReader();
        }
        return last;
    }

    private static void answer(GuacamoleTunnel tunnel, String stamp) throws GuacamoleException {
        GuacamoleWriter writer = tunnel.acquireWriter();
        try {
            writer.writeInstruction(new GuacamoleInstruction("sync", stamp));
        }
        finally {
            tunnel.releaseWriter();
        }
    }
}
