package io.trainyard.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Many Server-Sent Events streams read by one thread on plain sockets, each line handed on as it
 * arrives (the HTTP head and chunk sizes included; callers look for their lines). What a stream
 * costs here is a read and a scan, close to what each of 2,000 browsers would spend on its own:
 * Java's HttpClient spent about 120 us of CPU a message, on the same two cores as the gateway it
 * measured, which then waited for it.
 */
final class SseStreams implements AutoCloseable {

  private final Selector selector;
  private final List<SocketChannel> channels = new ArrayList<>();
  private final Thread reader;

  SseStreams(
      InetSocketAddress server, String path, String token, int count, Consumer<String> onLine)
      throws IOException {
    selector = Selector.open();
    byte[] request =
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: "
                + server.getHostString()
                + ":"
                + server.getPort()
                + "\r\nAuthorization: Bearer "
                + token
                + "\r\nAccept: text/event-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < count; i++) {
      SocketChannel channel = SocketChannel.open(server);
      channel.write(ByteBuffer.wrap(request));
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ, new ByteArrayOutputStream());
      channels.add(channel);
    }
    reader = new Thread(() -> read(onLine), "sse-streams");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(Consumer<String> onLine) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    try {
      while (selector.isOpen()) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          ByteArrayOutputStream line = (ByteArrayOutputStream) key.attachment();
          buffer.clear();
          if (((SocketChannel) key.channel()).read(buffer) < 0) {
            key.cancel();
            continue;
          }
          buffer.flip();
          while (buffer.hasRemaining()) {
            byte b = buffer.get();
            if (b == '\n') {
              onLine.accept(line.toString(StandardCharsets.UTF_8));
              line.reset();
            } else {
              line.write(b);
            }
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      if (selector.isOpen()) {
        throw new UncheckedIOException(e);
      }
    } catch (java.nio.channels.ClosedSelectorException e) {
      // closed: done
    }
  }

  @Override
  public void close() throws IOException {
    selector.close();
    for (SocketChannel channel : channels) {
      channel.close();
    }
  }
}
