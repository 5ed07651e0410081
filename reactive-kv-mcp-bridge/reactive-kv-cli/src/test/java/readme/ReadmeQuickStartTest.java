package readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** README.md's quick start is {@link QuickStart} word for word, and it runs and prints what its comments say. */
class ReadmeQuickStartTest {

    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();

    @Test
    void readmeShowsThisFileWithoutItsPackageLine() throws Exception {
        String source = Files.readString(ROOT.resolve("reactive-kv-mcp-bridge/reactive-kv-cli/src/test/java/readme/QuickStart.java"));
        String shown = source.substring(source.indexOf("import "));
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("```java\n" + shown + "```\n");
    }

    @Test
    void runsAsWritten() {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            QuickStart.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("Alice", "alice", "RESYNC", "DELETE", "{total=42}");
    }
}
