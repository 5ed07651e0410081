package dev.reactivekv.postgresql;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.reactivekv.Entry;
import dev.reactivekv.KeyEvent;
import dev.reactivekv.KeyValueStore;
import dev.reactivekv.tck.ValueCases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharing one table with py-key-value's {@code PostgreSQLStore}: the table we create is the table it
 * creates (catalog compared with one made from its DDL), rows it writes read back here, and rows we
 * write read back in CPython as the same values (floats stay floats). py-key-value itself cannot be
 * installed here (no PyPI), so its side is its DDL and its statements, run through SQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresInteropTest {

    private static final PgServer PG = PgServer.shared();
    private static final String OURS = "rkv_interop_ours";
    private static final String THEIRS = "rkv_interop_pykv";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private KeyValueStore ours;
    private KeyValueStore onTheirs;

    @BeforeAll
    void tables() {
        PG.execute("DROP TABLE IF EXISTS " + OURS, "DROP TABLE IF EXISTS " + THEIRS);
        // py-key-value's _setup, statement for statement (src/key_value/aio/stores/postgresql/store.py)
        PG.execute("CREATE TABLE IF NOT EXISTS " + THEIRS + " (collection TEXT NOT NULL, key TEXT NOT NULL, "
                        + "value JSONB NOT NULL, ttl DOUBLE PRECISION, created_at TIMESTAMPTZ, expires_at TIMESTAMPTZ, "
                        + "PRIMARY KEY (collection, key))",
                "CREATE INDEX IF NOT EXISTS idx_" + THEIRS + "_expires_at ON " + THEIRS
                        + "(expires_at) WHERE expires_at IS NOT NULL");
        ours = PG.builder(OURS).build();
        onTheirs = PG.builder(THEIRS).autoCreate(false).build();
    }

    @AfterAll
    void close() {
        if (ours != null) {
            ours.close();
        }
        if (onTheirs != null) {
            onTheirs.close();
        }
    }

    /** Columns, types, nullability, primary key and indexes (definitions with the table name taken out). */
    private static List<String> catalog(String table) {
        List<String> columns = PG.query("SELECT column_name || ' ' || data_type || ' ' || is_nullable"
                        + " FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position",
                s -> s.bind("$1", table), r -> r.get(0, String.class));
        List<String> indexes = PG.query("SELECT replace(indexdef, $1, 'T') FROM pg_indexes WHERE tablename = $1 ORDER BY indexname",
                s -> s.bind("$1", table), r -> r.get(0, String.class));
        columns.addAll(indexes);
        return columns;
    }

    @Test
    void theTableWeCreateIsPyKeyValuesTable() {
        assertThat(catalog(OURS)).containsExactly(
                "collection text NO",
                "key text NO",
                "value jsonb NO",
                "ttl double precision YES",
                "created_at timestamp with time zone YES",
                "expires_at timestamp with time zone YES",
                "CREATE INDEX idx_T_expires_at ON public.T USING btree (expires_at) WHERE (expires_at IS NOT NULL)",
                "CREATE UNIQUE INDEX T_pkey ON public.T USING btree (collection, key)");
        assertThat(catalog(OURS)).isEqualTo(catalog(THEIRS));
    }

    @Test
    void aRowPyKeyValueWroteReadsBack() {
        Instant created = Instant.parse("2026-01-02T03:04:05.123456Z");
        Instant expires = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MICROS);
        // py-key-value's upsert with asyncpg: value is json.dumps(value, sort_keys=True), ttl the seconds left
        PG.update("INSERT INTO " + THEIRS + " (collection, key, value, ttl, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)"
                        + " ON CONFLICT (collection, key) DO UPDATE SET value = EXCLUDED.value, ttl = EXCLUDED.ttl,"
                        + " expires_at = EXCLUDED.expires_at",
                s -> s.bind("$1", "users").bind("$2", "alice")
                        .bind("$3", io.r2dbc.postgresql.codec.Json.of("{\"age\": 30, \"name\": \"Alice\", \"score\": 1.0}"))
                        .bind("$4", 3599.5).bind("$5", OffsetDateTime.ofInstant(created, ZoneOffset.UTC))
                        .bind("$6", OffsetDateTime.ofInstant(expires, ZoneOffset.UTC)));
        Entry e = onTheirs.ttl("users", "alice").block(WAIT);
        assertThat(e).isNotNull();
        assertThat(e.value()).isEqualTo(Map.of("age", 30, "name", "Alice", "score", 1.0));
        assertThat(e.value().get("score")).isInstanceOf(Double.class);
        assertThat(e.createdAt()).isEqualTo(created);
        assertThat(e.expiresAt()).isEqualTo(expires);
        assertThat(onTheirs.keys("users").collectList().block(WAIT)).contains("alice");
        assertThat(onTheirs.collections().collectList().block(WAIT)).contains("users");
    }

    @Test
    void aRowWeWroteHasPyKeyValuesLayout() {
        Duration ttl = Duration.ofSeconds(7).plusMillis(500);
        onTheirs.put("layout", "k", Map.of("b", List.of(1, 2.5), "a", "text"), ttl).block(WAIT);
        Entry e = onTheirs.ttl("layout", "k").block(WAIT);
        List<String> row = PG.query("SELECT value::text || '|' || jsonb_typeof(value) || '|' || ttl::text || '|'"
                        + " || (created_at = $3)::text || '|' || (expires_at = $4)::text FROM " + THEIRS
                        + " WHERE collection = $1 AND key = $2",
                s -> s.bind("$1", "layout").bind("$2", "k")
                        .bind("$3", OffsetDateTime.ofInstant(e.createdAt(), ZoneOffset.UTC))
                        .bind("$4", OffsetDateTime.ofInstant(e.expiresAt(), ZoneOffset.UTC)),
                r -> r.get(0, String.class));
        // the value itself (no envelope), as an object; the TTL in seconds; both dates as written
        assertThat(row).containsExactly("{\"a\": \"text\", \"b\": [1, 2.5]}|object|7.5|true|true");
    }

    @Test
    void pyKeyValuesOverwriteKeepsCreatedAtAndWeStillReadIt() {
        onTheirs.put("over", "k", Map.of("v", 1), null).block(WAIT);
        Entry before = onTheirs.ttl("over", "k").block(WAIT);
        PG.update("INSERT INTO " + THEIRS + " (collection, key, value, ttl, created_at, expires_at) VALUES ($1, $2, $3::jsonb, NULL, now(), NULL)"
                        + " ON CONFLICT (collection, key) DO UPDATE SET value = EXCLUDED.value, ttl = EXCLUDED.ttl,"
                        + " expires_at = EXCLUDED.expires_at",
                s -> s.bind("$1", "over").bind("$2", "k").bind("$3", "{\"v\": 2}"));
        Entry after = onTheirs.ttl("over", "k").block(WAIT);
        assertThat(after.value()).isEqualTo(Map.of("v", 2));
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.version()).as("a new value is a new version").isNotEqualTo(before.version());
    }

    /** Every value case, written by us and read by CPython's json from the JSONB text, is exactly what Python wrote for it. */
    @Test
    void cpythonReadsEveryValueCaseAsWritten() throws Exception {
        List<ValueCases.Case> cases = ValueCases.simple();
        for (ValueCases.Case c : cases) {
            ours.put("python", c.name(), c.value(), null).block(WAIT);
        }
        Map<String, String> stored = new java.util.HashMap<>();
        PG.query("SELECT key, value::text FROM " + OURS + " WHERE collection = 'python'",
                r -> {
                    stored.put(r.get(0, String.class), r.get(1, String.class));
                    return "";
                });
        StringBuilder jsonb = new StringBuilder();
        for (ValueCases.Case c : cases) {
            jsonb.append(stored.get(c.name())).append('\n');
        }
        String script = "import sys, json\n"
                + "for line in sys.stdin.read().splitlines():\n"
                + "    print(json.dumps(json.loads(line), sort_keys=True))\n";
        List<String> python = python(script, jsonb.toString());
        assertThat(python).hasSize(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            assertThat(python.get(i)).as(cases.get(i).name()).isEqualTo(cases.get(i).pythonJson());
        }
    }

    /**
     * A real CPython client (psycopg2, Debian's python3-psycopg2) doing what py-key-value's PostgreSQLStore does:
     * {@code put} writes its upsert with {@code json.dumps(value, sort_keys=True)}, {@code get} reads
     * {@code value} as text and {@code json.loads} it (asyncpg hands JSONB over as text), {@code delete} deletes.
     */
    private static final String PY_CLIENT = String.join("\n",
            "import sys, json, datetime, psycopg2",
            "op, port, db, table, collection, key = sys.argv[1:7]",
            "conn = psycopg2.connect(host='127.0.0.1', port=int(port), dbname=db, user='postgres')",
            "conn.autocommit = True",
            "cur = conn.cursor()",
            "if op == 'put':",
            "    now = datetime.datetime.now(datetime.timezone.utc)",
            "    exp = now + datetime.timedelta(seconds=60)",
            "    cur.execute(f'INSERT INTO {table} (collection, key, value, ttl, created_at, expires_at) '",
            "                f'VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (collection, key) DO UPDATE '",
            "                f'SET value = EXCLUDED.value, ttl = EXCLUDED.ttl, expires_at = EXCLUDED.expires_at',",
            "                (collection, key, json.dumps({'b': 1.5, 'a': 'x', 'n': 10**20}, sort_keys=True), 60.0, now, exp))",
            "elif op == 'get':",
            "    cur.execute(f'SELECT value::text, ttl, created_at, expires_at FROM {table} WHERE collection = %s AND key = %s',",
            "                (collection, key))",
            "    value, ttl, created, expires = cur.fetchone()",
            "    value = json.loads(value)",
            "    print(json.dumps(value, sort_keys=True))",
            "    print(' '.join(type(value[k]).__name__ for k in sorted(value)))",
            "    print(ttl, (expires - created).total_seconds())",
            "elif op == 'delete':",
            "    cur.execute(f'DELETE FROM {table} WHERE collection = %s AND key = %s', (collection, key))",
            "");

    private static List<String> pyClient(String op, String table, String key) throws IOException, InterruptedException {
        return python(PY_CLIENT, "", op, Integer.toString(PG.port), PG.database, table, "py", key);
    }

    @Test
    void aCPythonClientAndThisStoreShareTheTableAndTheWatchSeesPython() throws Exception {
        ours.put("py", "from-java", Map.of("f", 1e16, "i", 2, "s", "x"), Duration.ofSeconds(90)).block(WAIT);
        assertThat(pyClient("get", OURS, "from-java")).containsExactly(
                "{\"f\": 1e+16, \"i\": 2, \"s\": \"x\"}", "float int str", "90.0 90.0");
        StepVerifier.create(ours.watch("py"))
                .expectNextMatches(e -> e.type() == KeyEvent.Type.RESYNC)
                .then(() -> run(() -> pyClient("put", OURS, "from-python")))
                .expectNext(KeyEvent.put("py", "from-python"))
                .then(() -> assertThat(ours.get("py", "from-python").block(WAIT))
                        .isEqualTo(Map.of("a", "x", "b", 1.5, "n", java.math.BigInteger.TEN.pow(20))))
                .then(() -> run(() -> pyClient("delete", OURS, "from-python")))
                .expectNext(KeyEvent.delete("py", "from-python"))
                .thenCancel()
                .verify(WAIT);
    }

    private interface Step {
        Object call() throws Exception;
    }

    private static void run(Step step) {
        try {
            step.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> python(String script, String stdin, String... args) throws IOException, InterruptedException {
        String exe = System.getenv().getOrDefault("RKV_PYTHON", "/usr/bin/python3");
        List<String> command = new java.util.ArrayList<>(List.of(exe, "-c", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream o = p.getInputStream()) {
            o.transferTo(out);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text.lines().toList();
    }

    @Test
    void theNotifyTriggerIsTheOnlyAddition() {
        List<String> triggers = PG.query("SELECT tgname FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal ORDER BY tgname",
                s -> s.bind("$1", THEIRS), r -> r.get(0, String.class));
        assertThat(triggers).containsExactly("rkv_" + THEIRS + "_trg", "rkv_" + THEIRS + "_trg_truncate");
        KeyValueStore plain = PG.builder("rkv_interop_nowatch").watch(false).build();
        try {
            assertThat(plain.capabilities()).doesNotContain(dev.reactivekv.Capability.WATCH);
            assertThat(PG.query("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'rkv_interop_nowatch'::regclass AND NOT tgisinternal",
                    r -> r.get(0, Long.class))).containsExactly(0L);
        } finally {
            plain.close();
            PG.execute("DROP TABLE rkv_interop_nowatch");
        }
    }
}
