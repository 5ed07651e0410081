package dev.reactivekv.redis;

import java.nio.ByteBuffer;

import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.codec.ToByteBufEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Keys as UTF-8 text, values as the stored bytes (as {@code RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE)}),
 * written straight into Lettuce's output buffer: a composed codec is no {@link ToByteBufEncoder}, so Lettuce asked it
 * for a new heap {@link ByteBuffer} per key and per value of every command. The size estimates are exact (UTF-8
 * length, array length), so Lettuce needs no temporary buffer either.
 */
final class StoreCodec implements RedisCodec<String, byte[]>, ToByteBufEncoder<String, byte[]> {

    static final StoreCodec INSTANCE = new StoreCodec();

    private static final StringCodec KEYS = StringCodec.UTF8;
    private static final ByteArrayCodec VALUES = ByteArrayCodec.INSTANCE;

    private StoreCodec() {
    }

    @Override
    public String decodeKey(ByteBuffer bytes) {
        return KEYS.decodeKey(bytes);
    }

    @Override
    public byte[] decodeValue(ByteBuffer bytes) {
        return VALUES.decodeValue(bytes);
    }

    @Override
    public ByteBuffer encodeKey(String key) {
        return KEYS.encodeKey(key);
    }

    @Override
    public ByteBuffer encodeValue(byte[] value) {
        return VALUES.encodeValue(value);
    }

    @Override
    public void encodeKey(String key, ByteBuf target) {
        if (key != null) {
            ByteBufUtil.writeUtf8(target, key);
        }
    }

    @Override
    public void encodeValue(byte[] value, ByteBuf target) {
        if (value != null) {
            target.writeBytes(value);
        }
    }

    @Override
    public int estimateSize(Object keyOrValue) {
        if (keyOrValue instanceof byte[] bytes) {
            return bytes.length;
        }
        return keyOrValue instanceof CharSequence text ? ByteBufUtil.utf8Bytes(text) : 0;
    }

    @Override
    public boolean isEstimateExact() {
        return true;
    }
}
