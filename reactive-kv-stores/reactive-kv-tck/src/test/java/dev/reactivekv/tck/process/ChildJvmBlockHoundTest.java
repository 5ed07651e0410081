package dev.reactivekv.tck.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** BlockHound is active in a JVM started through {@link ChildJvm}, and it is {@link BlockHoundMain} that installs it. */
class ChildJvmBlockHoundTest {

    @Test
    void aBlockingCallOnANonBlockingThreadFailsInAChildJvm() {
        assertThat(ChildJvm.run(Duration.ofMinutes(2), BlockingChild.class.getName()).strip())
                .isEqualTo("BLOCKED reactor.blockhound.BlockingOperationError");
    }

    @Test
    void withoutTheLauncherTheSameCallPasses() throws Exception {
        List<String> command = ChildJvm.command(BlockingChild.class.getName());
        command.remove(BlockHoundMain.class.getName());
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(out.strip()).isEqualTo("NOT BLOCKED");
    }
}
