package dev.reactivekv.postgresql;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.reactivekv.error.StoreSetupException;
import dev.reactivekv.error.StoreUnavailableException;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What {@link PostgresStore.Builder#build()} does before the store exists, on the caller's thread:
 * creates py-key-value's table and index when missing, installs the notify function and trigger,
 * and finds out whether the key column sorts by code point.
 */
final class TableSetup {

    private final ConnectionFactory factory;
    private final Schema schema;
    private final Duration timeout;

    TableSetup(ConnectionFactory factory, Schema schema, Duration timeout) {
        this.factory = factory;
        this.schema = schema;
        this.timeout = timeout;
    }

    /** Returns whether {@code ORDER BY key} is code point order. Blocking. */
    boolean prepare(boolean autoCreate, boolean trigger) {
        try {
            return Mono.usingWhen(Mono.from(factory.create()), c -> prepare(c, autoCreate, trigger), Connection::close)
                    .block(timeout.multipliedBy(2));
        } catch (R2dbcTransientResourceException | R2dbcNonTransientResourceException e) {
            throw new StoreUnavailableException("Cannot connect to PostgreSQL: " + e.getMessage(), e);
        } catch (R2dbcException e) {
            throw new StoreSetupException("PostgreSQL set-up of table " + schema.table + " failed: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new StoreUnavailableException("PostgreSQL set-up did not finish within " + timeout.multipliedBy(2), e);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof java.io.IOException) {
                throw new StoreUnavailableException("Cannot connect to PostgreSQL: " + cause.getMessage(), cause);
            }
            throw e;
        }
    }

    private Mono<Boolean> prepare(Connection c, boolean autoCreate, boolean trigger) {
        Mono<Void> create = Mono.empty();
        if (autoCreate || trigger) {
            Mono<Void> ddl = exec(c, schema.setupLock());
            if (autoCreate) {
                ddl = ddl.then(exec(c, schema.createTable())).then(exec(c, schema.createExpiryIndex()));
            }
            if (trigger) {
                ddl = ddl.then(exists(c)).flatMap(this::requireTable)
                        .then(exec(c, schema.createNotifyFunction())).then(exec(c, schema.createTriggers()));
            }
            create = Mono.from(c.beginTransaction()).then(ddl)
                    .then(Mono.from(c.commitTransaction()))
                    .onErrorResume(e -> Mono.from(c.rollbackTransaction()).onErrorResume(x -> Mono.empty()).then(Mono.error(e)));
        }
        Mono<Void> check = autoCreate ? Mono.empty() : exists(c).flatMap(this::requireTable);
        return check.then(create).then(codePointOrder(c));
    }

    private Mono<Void> requireTable(boolean exists) {
        return exists ? Mono.empty() : Mono.error(new StoreSetupException("Table " + schema.table
                + " does not exist; create it (py-key-value's DDL, see docs/postgresql.md) or enable autoCreate"));
    }

    private Mono<Boolean> exists(Connection c) {
        return Flux.from(c.createStatement(schema.tableExists()).execute())
                .concatMap(r -> r.map(row -> row.get(0, Boolean.class))).next().defaultIfEmpty(false);
    }

    /** The key column's collation sorts a sample of letters, cases, punctuation and non-ASCII text exactly as code points do. */
    private Mono<Boolean> codePointOrder(Connection c) {
        return Flux.from(c.createStatement(schema.keyCollationName()).execute())
                .concatMap(r -> r.map(row -> row.get(0, String.class))).next()
                .flatMap(collation -> Flux.from(c.createStatement(String.format(schema.keyCollationSample(),
                                collation.replace("\"", "\"\""))).execute())
                        .concatMap(r -> r.map(row -> row.get(0, String.class))).next())
                .map(sorted -> {
                    List<String> sample = Arrays.asList("b", "B", "a", "_", "-", "aa", "a b", "Z", "z", "1", "\u00e9", "e",
                            "\u4e16", "~");
                    String[] expected = sample.toArray(String[]::new);
                    Arrays.sort(expected); // String order equals code point order on this BMP sample
                    return String.join(",", expected).equals(sorted);
                })
                .defaultIfEmpty(false);
    }

    private static Mono<Void> exec(Connection c, String sql) {
        return Flux.from(c.createStatement(sql).execute()).concatMap(r -> r.getRowsUpdated()).then();
    }
}
