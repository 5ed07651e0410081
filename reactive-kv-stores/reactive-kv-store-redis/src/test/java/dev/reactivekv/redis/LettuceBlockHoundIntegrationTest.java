package dev.reactivekv.redis;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

import dev.reactivekv.tck.Polling;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The integration, registered for this module's tests through {@code src/test/resources/META-INF/services},
 * exempts exactly the lock acquisitions of Lettuce's {@code SharedLock} on a non-blocking thread, and nothing
 * that runs under the lock. Driven by reflection on a real {@code SharedLock}, under the BlockHound every
 * test JVM installs.
 */
class LettuceBlockHoundIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Test
    void aContendedWriterLockMayParkOnAnEventLoopThread() throws Exception {
        Object shared = newSharedLock();
        ReentrantLock inner = innerLock(shared);
        inner.lock();
        try {
            Mono<Object> writer = Mono.fromCallable(() -> call(shared, "incrementWriters")).subscribeOn(Schedulers.parallel());
            var done = writer.toFuture();
            Polling.until("writer parked on the lock", PATIENCE, inner::hasQueuedThreads);
            inner.unlock();
            done.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            if (inner.isHeldByCurrentThread()) {
                inner.unlock();
            }
        }
    }

    @Test
    void aContendedExclusiveSectionMayParkButItsWorkIsStillChecked() throws Exception {
        Object shared = newSharedLock();
        ReentrantLock inner = innerLock(shared);
        Method exclusive = shared.getClass().getDeclaredMethod("doExclusive", Runnable.class);
        exclusive.setAccessible(true);
        inner.lock();
        var done = Mono.fromCallable(() -> exclusive.invoke(shared, (Runnable) () -> { }))
                .subscribeOn(Schedulers.parallel()).toFuture();
        Polling.until("exclusive section parked on the lock", PATIENCE, inner::hasQueuedThreads);
        inner.unlock();
        done.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

        Runnable blockingWork = () -> {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        assertThatThrownBy(() -> Mono.fromCallable(() -> invoke(exclusive, shared, blockingWork))
                .subscribeOn(Schedulers.parallel()).block(PATIENCE))
                .satisfies(e -> assertThat(Exceptions.unwrap(e)).isInstanceOf(BlockingOperationError.class));
    }

    /** A Lettuce upgrade that renames what the integration names would silently turn a check off: fail instead. */
    @Test
    void everyMethodTheIntegrationNamesExistsInThisLettuce() throws Exception {
        Class<?> lock = Class.forName(LettuceBlockHoundIntegration.SHARED_LOCK);
        assertThat(Arrays.stream(lock.getDeclaredMethods()).map(Method::getName))
                .contains("incrementWriters", "lockWritersExclusive", "doExclusive", LettuceBlockHoundIntegration.RUNNABLE_BODY);
        assertThat(Arrays.stream(Class.forName(LettuceBlockHoundIntegration.ENDPOINT).getDeclaredMethods()).map(Method::getName))
                .contains(LettuceBlockHoundIntegration.SUPPLIER_BODY);
        assertThat(Arrays.stream(Class.forName(LettuceBlockHoundIntegration.CLUSTER_CONNECTIONS).getDeclaredMethods()).map(Method::getName))
                .contains(LettuceBlockHoundIntegration.CLUSTER_CACHE_UPDATES);
        assertThat(Arrays.stream(Class.forName(LettuceBlockHoundIntegration.NODE_CONNECTION_SETUP).getDeclaredMethods()).map(Method::getName))
                .contains(LettuceBlockHoundIntegration.NODE_CONNECTION_SETUP_BODY);
    }

    private static Object newSharedLock() throws Exception {
        Constructor<?> c = Class.forName(LettuceBlockHoundIntegration.SHARED_LOCK).getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
    }

    private static ReentrantLock innerLock(Object shared) throws Exception {
        Field f = shared.getClass().getDeclaredField("lock");
        f.setAccessible(true);
        return (ReentrantLock) f.get(shared);
    }

    private static Object call(Object target, String method) throws Exception {
        Method m = target.getClass().getDeclaredMethod(method);
        m.setAccessible(true);
        return invoke(m, target);
    }

    /** Invokes, rethrowing what the method threw (a BlockingOperationError is an Error). */
    private static Object invoke(Method m, Object target, Object... args) throws Exception {
        try {
            Object r = m.invoke(target, args);
            return r == null ? "done" : r;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw (Exception) e.getCause();
        }
    }
}
