package dev.reactivekv.postgresql;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL cluster of one test's own, on a free loopback port, so the test may stop and
 * start it. Made as PLATFORM.md describes: initdb as user postgres (it refuses root), pg_ctl with the
 * socket in its own directory. Stopped and removed by {@link #destroy()}.
 */
final class OwnPostgres {

    private final File bin;
    private final String dir;
    final int port;

    private OwnPostgres(File bin, String dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    static OwnPostgres create() throws IOException, InterruptedException {
        File bin = binDir();
        String dir = run(List.of("mktemp", "-d", "/tmp/rkv-pg-own.XXXXXX")).trim();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        OwnPostgres pg = new OwnPostgres(bin, dir, port);
        run(List.of(new File(bin, "initdb").getPath(), "-D", dir + "/data", "-U", "postgres", "-A", "trust",
                "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"));
        pg.start();
        return pg;
    }

    void start() throws IOException, InterruptedException {
        run(List.of(new File(bin, "pg_ctl").getPath(), "-D", dir + "/data", "-l", dir + "/log", "-w", "-t", "30",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    /** Fast shutdown: the server ends every session, as an administrator's restart does. */
    void stop() throws IOException, InterruptedException {
        run(List.of(new File(bin, "pg_ctl").getPath(), "-D", dir + "/data", "-m", "fast", "-w", "-t", "30", "stop"));
    }

    void destroy() throws IOException, InterruptedException {
        try {
            if (new File(dir + "/data/postmaster.pid").exists()) {
                stop();
            }
        } finally {
            run(List.of("rm", "-rf", "--", dir));
        }
    }

    PgServer server() {
        return PgServer.at(port, "postgres");
    }

    private static File binDir() {
        String configured = System.getenv("RKV_PG_BINDIR");
        if (configured != null && !configured.isEmpty()) {
            return new File(configured);
        }
        File[] versions = new File("/usr/lib/postgresql").listFiles(f -> new File(f, "bin/initdb").canExecute());
        if (versions == null || versions.length == 0) {
            throw new IllegalStateException("No PostgreSQL server binaries under /usr/lib/postgresql");
        }
        return new File(java.util.Arrays.stream(versions)
                .max(Comparator.comparingInt(f -> Integer.parseInt(f.getName().replaceAll("\\D", "0")))).get(), "bin");
    }

    /** Runs a command as user postgres when we are root (initdb and pg_ctl refuse root); bounded to 60 s. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).directory(new File("/")).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes(); // pg_ctl -w returns once the server is up; its log goes to a file
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("Timed out: " + full);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("Failed (" + p.exitValue() + "): " + full + "\n" + text);
        }
        return text;
    }
}
