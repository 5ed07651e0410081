package dev.reactivekv.dynamodb;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts the requests the SDK sends, by DynamoDB operation name, as each one goes out on the wire. */
final class RequestCounter implements ExecutionInterceptor {

    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        sent.computeIfAbsent(op, k -> new LongAdder()).increment();
    }

    long count(String operation) {
        LongAdder n = sent.get(operation);
        return n == null ? 0 : n.sum();
    }
}
