package dev.reactivekv.memcached;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.tck.Polling;

/**
 * A memcached of the test's own on a free loopback port, run in the foreground as a child process
 * and stopped by its PID (never by name), so fault tests can kill, freeze and restart it.
 */
final class OwnMemcached implements AutoCloseable {

    private final int port;
    private final File log;
    private Process process;

    OwnMemcached() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
        this.log = File.createTempFile("own-memcached-", ".log", new File("target"));
        start();
    }

    int port() {
        return port;
    }

    String uri() {
        return "memcached://127.0.0.1:" + port;
    }

    void start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(MemcachedServers.binary(), "-l", "127.0.0.1", "-p", Integer.toString(port),
                "-U", "0", "-m", "16"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("-u", "root")); // memcached refuses to run as root unless told which user to be
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IOException("memcached on " + port + " did not start; see " + log, notYet);
                }
                try {
                    process.waitFor(20, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
        }
    }

    /** Kills the server (SIGKILL: no goodbye to its clients but the kernel's reset) and waits until it is gone. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Freezes (SIGSTOP) or thaws (SIGCONT) the server: connections stay open, nothing is answered.
     * A stop is delivered asynchronously, so this waits until every thread of the server is stopped.
     */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
        if (name.equals("STOP")) {
            Polling.until("memcached " + process.pid() + " is stopped", Duration.ofSeconds(10), this::allThreadsStopped);
        }
    }

    /** Whether /proc shows every thread of the server in state T (stopped). */
    private boolean allThreadsStopped() {
        File[] tasks = new File("/proc/" + process.pid() + "/task").listFiles();
        if (tasks == null || tasks.length == 0) {
            return false;
        }
        for (File task : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"));
                // "pid (comm) S ...": the state follows the command name's closing parenthesis
                if (stat.charAt(stat.lastIndexOf(')') + 2) != 'T') {
                    return false;
                }
            } catch (IOException gone) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            signal("CONT");
        }
        kill();
        log.delete();
    }
}
