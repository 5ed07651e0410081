package dev.reactivekv.memcached;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Frames are cut by the server's lengths, not by CRLF, and only once complete, however the bytes arrive. */
class MetaDecoderTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aValueContainingCrlfAndMnIsOneFrameEvenWhenItArrivesByteByByte() {
        EmbeddedChannel ch = new EmbeddedChannel(new MetaDecoder());
        byte[] stream = ascii("VA 9 c42 O7\r\nab\r\nMN\r\nz\r\nEN\r\nMN\r\n");
        for (byte b : stream) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        MetaResponse value = ch.readInbound();
        assertThat(value.code()).isEqualTo("VA");
        assertThat(new String(value.data(), StandardCharsets.US_ASCII)).isEqualTo("ab\r\nMN\r\nz");
        assertThat(value.flag('c')).isEqualTo("42");
        assertThat(value.flag('O')).isEqualTo("7");
        assertThat(value.flag('t')).isNull();
        assertThat(((MetaResponse) ch.readInbound()).code()).isEqualTo("EN");
        assertThat(((MetaResponse) ch.readInbound()).code()).isEqualTo("MN");
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void errorLinesKeepTheirText() {
        EmbeddedChannel ch = new EmbeddedChannel(new MetaDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("SERVER_ERROR object too large for cache\r\nHD c5\r\nERROR\r\n")));
        MetaResponse error = ch.readInbound();
        assertThat(error.isError()).isTrue();
        assertThat(error.code()).isEqualTo("SERVER_ERROR");
        assertThat(error.line()).isEqualTo("SERVER_ERROR object too large for cache");
        MetaResponse stored = ch.readInbound();
        assertThat(stored.is(MetaResponse.STORED)).isTrue();
        assertThat(stored.flag('c')).isEqualTo("5");
        assertThat(((MetaResponse) ch.readInbound()).isError()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void anEmptyValueIsAFrameWithNoBytes() {
        EmbeddedChannel ch = new EmbeddedChannel(new MetaDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(ascii("VA 0\r\n\r\nMN\r\n")));
        assertThat(((MetaResponse) ch.readInbound()).data()).isEmpty();
        assertThat(((MetaResponse) ch.readInbound()).code()).isEqualTo("MN");
        ch.finishAndReleaseAll();
    }
}
