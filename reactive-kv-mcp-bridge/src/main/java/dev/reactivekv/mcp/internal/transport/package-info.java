/**
 * The MCP transports behind {@link dev.reactivekv.mcp.KvMcpServer}: Streamable HTTP on Reactor Netty and stdio,
 * both with the request interceptor the bridge answers {@code resources/list} and subscriptions through.
 * Not public API: it may change in any release. Configure the HTTP transport with
 * {@link dev.reactivekv.mcp.transport.HttpTransportOptions}.
 */
@NullMarked
package dev.reactivekv.mcp.internal.transport;

import org.jspecify.annotations.NullMarked;
