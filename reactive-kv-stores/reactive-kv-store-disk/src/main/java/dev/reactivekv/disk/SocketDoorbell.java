package dev.reactivekv.disk;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Doorbell} made of Unix domain socket connections between the processes that have the journal
 * open: one hop from the ringing thread to the waiting tailer, where the {@link FileDoorbell} takes two
 * (inotify wakes the JDK's watcher thread, which wakes the tailer), and a process never wakes itself.
 *
 * <p>Each process listens on {@code journal/bells/<random>.sock} and, when it opens the journal, connects
 * to every socket already there; each connection then carries rings both ways, so every pair of processes
 * is joined once, by the younger. A ring is one byte written, without blocking, to every connection (a
 * full socket buffer means a ring is already pending there). The tailing thread waits in a
 * {@link Selector} on its end of every connection, accepts newcomers, and reads rings away. A socket is
 * bound under a temporary name and renamed once it listens, so a refused connection means its process is
 * gone: the file is deleted. A process killed in between leaves a {@code .new} file that nobody reads; the next
 * process to open deletes it once it is {@link #ABANDONED} old (a younger one may be a process in the middle of
 * opening: deleting it would only make that process fall back to the file doorbell).
 *
 * <p>Not used (so {@link #open} returns null) on Windows (untested there), or where the socket path is
 * longer than the platform allows (107 bytes on Linux); {@link FileDoorbell} serves then.
 */
final class SocketDoorbell implements Doorbell {

    static final String DIRECTORY = "bells";
    private static final String SUFFIX = ".sock";
    private static final String BINDING = ".new";
    static final java.time.Duration ABANDONED = java.time.Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(SocketDoorbell.class);
    private static final ByteBuffer ONE = ByteBuffer.allocateDirect(1).put((byte) 1).flip();

    private final Path own;
    private final ServerSocketChannel server;
    private final Selector selector;
    /** Connections to the other processes; rung by appenders, read and pruned by the tailing thread. */
    private final Set<SocketChannel> peers = ConcurrentHashMap.newKeySet();
    /** Only the tailing thread reads rings, so one buffer serves. */
    private final ByteBuffer sink = ByteBuffer.allocate(256);

    /** The journal directory's socket doorbell, or null where Unix domain sockets cannot serve. */
    static @Nullable SocketDoorbell open(Path journalDirectory) {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return null;
        }
        Path dir = journalDirectory.resolve(DIRECTORY);
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        Path binding = dir.resolve(id + BINDING);
        Path own = dir.resolve(id + SUFFIX);
        ServerSocketChannel server = null;
        Selector selector = null;
        try {
            PrivateFiles.createDirectory(dir);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(binding), 64);
            server.configureBlocking(false);
            PrivateFiles.restrict(binding);
            Files.move(binding, own, StandardCopyOption.ATOMIC_MOVE);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            SocketDoorbell bell = new SocketDoorbell(own, server, selector);
            try {
                bell.connectToOthers(dir);
            } catch (IOException | RuntimeException e) {
                bell.close();
                throw e;
            }
            return bell;
        } catch (IOException | RuntimeException e) {
            LOG.debug("No socket doorbell in {}; file notifications serve: {}", dir, e.toString());
            closeQuietly(selector);
            closeQuietly(server);
            try {
                Files.deleteIfExists(binding);
                Files.deleteIfExists(own);
            } catch (IOException ignored) {
                // a leftover file nobody connects to
            }
            return null;
        }
    }

    private SocketDoorbell(Path own, ServerSocketChannel server, Selector selector) {
        this.own = own;
        this.server = server;
        this.selector = selector;
    }

    private void connectToOthers(Path dir) throws IOException {
        try (DirectoryStream<Path> sockets = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path other : sockets) {
                if (!other.equals(own)) {
                    connect(other);
                }
            }
        }
        deleteAbandonedBindings(dir);
    }

    /** Best effort: a leftover that cannot be deleted is harmless, and must not cost this process its doorbell. */
    private static void deleteAbandonedBindings(Path dir) {
        java.nio.file.attribute.FileTime cutoff = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(ABANDONED));
        try (DirectoryStream<Path> bindings = Files.newDirectoryStream(dir, "*" + BINDING)) {
            for (Path binding : bindings) {
                if (Files.getLastModifiedTime(binding).compareTo(cutoff) < 0) {
                    Files.deleteIfExists(binding);
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not delete abandoned doorbell sockets in {}: {}", dir, e.toString());
        }
    }

    private void connect(Path other) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.configureBlocking(false);
            // a local socket connects at once or not at all (a full backlog): never wait for another process
            if (channel.connect(UnixDomainSocketAddress.of(other))) {
                add(channel);
                return;
            }
            channel.close();
        } catch (ConnectException refused) {
            closeQuietly(channel);
            try {
                Files.deleteIfExists(other); // nobody listens: its process is gone
            } catch (IOException e) {
                LOG.debug("Could not delete the stale doorbell socket {}: {}", other, e.toString());
            }
        } catch (IOException e) {
            closeQuietly(channel);
            LOG.debug("Could not connect to the doorbell socket {}: {}", other, e.toString());
        }
    }

    private void add(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_READ);
        peers.add(channel);
    }

    @Override
    public void ring() {
        acceptNewcomers();
        for (SocketChannel peer : peers) {
            try {
                peer.write(ONE.duplicate());
            } catch (IOException gone) {
                drop(peer);
            }
        }
    }

    /** Called by ringers: a process that connected since is rung before the tailing thread gets to accept it. */
    private void acceptNewcomers() {
        try {
            if (acceptAll()) {
                selector.wakeup(); // a select in progress does not see channels registered during it
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.debug("Could not accept a doorbell connection: {}", e.toString());
        }
    }

    /** Accepts every pending connection; whether there was one. */
    private boolean acceptAll() throws IOException {
        boolean any = false;
        for (SocketChannel c = server.accept(); c != null; c = server.accept()) {
            add(c);
            any = true;
        }
        return any;
    }

    @Override
    public boolean isEventDriven() {
        return true;
    }

    @Override
    public void clear() {
        try {
            selector.selectNow();
            handleSelected();
        } catch (IOException | ClosedSelectorException e) {
            // closing: the tailer's loop ends
        }
    }

    @Override
    public void await(long nanos) throws InterruptedException {
        try {
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
            handleSelected();
        } catch (ClosedSelectorException closed) {
            throw new InterruptedException("the doorbell is closed");
        } catch (IOException e) {
            LOG.debug("Waiting for the journal doorbell: {}", e.toString());
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Accepts newcomers and reads rings away; a connection at its end is dropped. */
    private void handleSelected() throws IOException {
        Set<SelectionKey> selected = selector.selectedKeys();
        for (SelectionKey key : selected) {
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                acceptAll();
            } else if (key.isReadable()) {
                SocketChannel peer = (SocketChannel) key.channel();
                try {
                    int n;
                    do {
                        sink.clear();
                        n = peer.read(sink);
                    } while (n > 0);
                    if (n < 0) {
                        drop(peer);
                    }
                } catch (IOException gone) {
                    drop(peer);
                }
            }
        }
        selected.clear();
    }

    private void drop(SocketChannel peer) {
        peers.remove(peer);
        closeQuietly(peer);
    }

    @Override
    public void close() {
        peers.forEach(SocketDoorbell::closeQuietly);
        peers.clear();
        closeQuietly(selector);
        closeQuietly(server);
        try {
            Files.deleteIfExists(own);
        } catch (IOException e) {
            LOG.debug("Could not delete the doorbell socket {}: {}", own, e.toString());
        }
    }

    private static void closeQuietly(@Nullable AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // nothing more to release
            }
        }
    }
}
