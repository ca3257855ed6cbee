package io.guacdaffinity.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** The command line: plan, route and doctor, on the same core the extension uses. */
public final class Cli {

    private Cli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "plan" : args[0];
        String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "help":
            case "--help":
            case "-h":
                out.println(usage());
                return 0;
            default:
                err.println("unknown command \"" + command + "\"; accepted: plan, route, doctor, help");
                err.println(usage());
                return 2;
        }
    }

    static String usage() {
        return "usage: java -jar guacd-affinity.jar [plan|route|doctor|help] [options]";
    }
}
