package dev.reactivekv.postgresql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The PostgreSQL server the test command starts ({@code RKV_PG_PORT}, user {@code postgres}, trust,
 * database {@code reactivekv}), and a raw R2DBC client for tests that look at rows directly. The raw
 * calls block (test threads only).
 */
final class PgServer {

    static final Duration WAIT = Duration.ofSeconds(30);

    final String host = "127.0.0.1";
    final int port;
    final String database;
    final String user;

    private PgServer(int port, String database, String user) {
        this.port = port;
        this.database = database;
        this.user = user;
    }

    /** The shared test server; a missing server fails the test when it connects. */
    static PgServer shared() {
        String port = System.getenv("RKV_PG_PORT");
        String db = System.getenv("RKV_PG_DB");
        String user = System.getenv("RKV_PG_USER");
        return new PgServer(port == null || port.isEmpty() ? 15432 : Integer.parseInt(port),
                db == null || db.isEmpty() ? "reactivekv" : db, user == null || user.isEmpty() ? "postgres" : user);
    }

    static PgServer at(int port, String database) {
        return new PgServer(port, database, "postgres");
    }

    String uri(String options) {
        return "postgresql://" + user + "@" + host + ":" + port + "/" + database + (options.isEmpty() ? "" : "?" + options);
    }

    PostgresStore.Builder builder(String table) {
        return PostgresStore.builder().host(host).port(port).database(database).user(user).table(table);
    }

    PostgresqlConnectionFactory factory() {
        return new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                .host(host).port(port).database(database).username(user).connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** Runs one statement on a fresh connection and returns the mapped rows. Blocking. */
    <T> List<T> query(String sql, Function<Statement, Statement> bind, Function<Readable, T> mapper) {
        List<T> out = Flux.usingWhen(Mono.from(factory().create()),
                        c -> Flux.from(bind.apply(c.createStatement(sql)).execute()).concatMap(r -> r.map(mapper::apply)),
                        Connection::close)
                .collectList().block(WAIT);
        return out == null ? new ArrayList<>() : out;
    }

    <T> List<T> query(String sql, Function<Readable, T> mapper) {
        return query(sql, s -> s, mapper);
    }

    /** Runs statements (no parameters) on one connection. Blocking. */
    void execute(String... sql) {
        Mono.usingWhen(Mono.from(factory().create()),
                c -> Flux.fromArray(sql).concatMap(s -> Flux.from(c.createStatement(s).execute())
                        .concatMap(r -> r.getRowsUpdated())).then(),
                Connection::close).block(WAIT);
    }

    long update(String sql, Function<Statement, Statement> bind) {
        Long n = Mono.usingWhen(Mono.from(factory().create()),
                c -> Flux.from(bind.apply(c.createStatement(sql)).execute()).concatMap(r -> r.getRowsUpdated())
                        .reduce(0L, Long::sum),
                Connection::close).block(WAIT);
        return n == null ? 0 : n;
    }
}
