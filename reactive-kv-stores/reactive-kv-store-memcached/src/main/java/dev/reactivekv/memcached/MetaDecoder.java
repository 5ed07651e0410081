package dev.reactivekv.memcached;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;

/**
 * Splits the server's byte stream into {@link MetaResponse} frames: a CRLF-terminated status line,
 * plus, after a {@code VA <size>} line, exactly {@code size} bytes of data and their CRLF (the data
 * may itself contain CRLF, so its length, not a delimiter, ends it). A frame is emitted only once
 * it is complete. Runs on the connection's event loop.
 */
final class MetaDecoder extends ByteToMessageDecoder {

    /** Status lines are short (code and a few flags); a longer one means the stream is not memcached. */
    private static final int MAX_LINE = 8 * 1024;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int newline = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (newline < 0) {
                if (in.readableBytes() > MAX_LINE) {
                    throw new DecoderException("memcached sent a line longer than " + MAX_LINE + " bytes");
                }
                return;
            }
            int lineEnd = newline > start && in.getByte(newline - 1) == '\r' ? newline - 1 : newline;
            String line = in.toString(start, lineEnd - start, StandardCharsets.US_ASCII);
            int size = MetaResponse.announcedSize(line);
            if (size < 0) {
                in.readerIndex(newline + 1);
                out.add(MetaResponse.parse(line, null));
                continue;
            }
            int dataStart = newline + 1;
            if (in.writerIndex() - dataStart < size + 2) {
                return; // wait for the whole block; the line is parsed again then
            }
            byte[] data = new byte[size];
            in.getBytes(dataStart, data);
            in.readerIndex(dataStart + size + 2);
            out.add(MetaResponse.parse(line, data));
        }
    }
}
