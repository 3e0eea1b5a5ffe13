package io.heimdall.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Writes hand-made MQTT bytes to the broker, for inputs no client library would send. */
final class RawMqttClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;

  RawMqttClient(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
  }

  void setReadTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  void send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  /** An MQTT 3.1 CONNECT (protocol name MQIsdp, level 3) with a clean session. */
  static byte[] connect31(String clientId) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, "MQIsdp");
    body.write(3);
    body.write(0x02);
    body.write(0);
    body.write(60);
    writeString(body, clientId);
    return packet(0x10, body.toByteArray());
  }

  /** An MQTT 3.1.1 CONNECT with clean session 0: the session persists. */
  static byte[] connectPersistent311(String clientId) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, "MQTT");
    body.write(4);
    body.write(0x00);
    body.write(0);
    body.write(60);
    writeString(body, clientId);
    return packet(0x10, body.toByteArray());
  }

  /** A CONNECT of the given protocol level (4 or 5) with a clean session and no properties. */
  static byte[] connect(int level, String clientId, int keepAliveSeconds) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, "MQTT");
    body.write(level);
    body.write(0x02);
    body.write(keepAliveSeconds >> 8);
    body.write(keepAliveSeconds & 0xFF);
    if (level == 5) {
      body.write(0);
    }
    writeString(body, clientId);
    return packet(0x10, body.toByteArray());
  }

  /**
   * A CONNECT with everything a test may set: MQTT 5 properties (null for MQTT 3) and an
   * optional will (topic null for none) with its MQTT 5 properties.
   */
  static byte[] connect(int level, String clientId, int keepAliveSeconds, byte[] props, String willTopic,
                        byte[] willPayload, byte[] willProps) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, "MQTT");
    body.write(level);
    body.write(willTopic == null ? 0x02 : 0x02 | 0x04);
    body.write(keepAliveSeconds >> 8);
    body.write(keepAliveSeconds & 0xFF);
    if (level == 5) {
      body.writeBytes(props == null ? new byte[] {0} : props);
    }
    writeString(body, clientId);
    if (willTopic != null) {
      if (level == 5) {
        body.writeBytes(willProps == null ? new byte[] {0} : willProps);
      }
      writeString(body, willTopic);
      body.write(willPayload.length >> 8);
      body.write(willPayload.length & 0xFF);
      body.writeBytes(willPayload);
    }
    return packet(0x10, body.toByteArray());
  }

  /** A PUBLISH of any QoS with an optional packet id, DUP flag and MQTT 5 properties. */
  static byte[] publish(int level, String topic, int qos, int packetId, boolean dup, byte[] props, byte[] payload) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, topic);
    if (qos > 0) {
      body.write(packetId >> 8);
      body.write(packetId & 0xFF);
    }
    if (level == 5) {
      body.writeBytes(props == null ? new byte[] {0} : props);
    }
    body.writeBytes(payload);
    return packet(0x30 | (dup ? 0x08 : 0) | qos << 1, body.toByteArray());
  }

  /** An acknowledgement packet (PUBACK 0x40, PUBREC 0x50, PUBREL 0x62, PUBCOMP 0x70) for a packet id. */
  static byte[] ack(int header, int packetId) {
    return packet(header, new byte[] {(byte) (packetId >> 8), (byte) packetId});
  }

  /** A QoS 0 PUBLISH whose topic bytes are given raw (so they may be invalid UTF-8). */
  static byte[] publish(int level, byte[] topic, byte[] payload) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(topic.length >> 8);
    body.write(topic.length & 0xFF);
    body.writeBytes(topic);
    if (level == 5) {
      body.write(0);
    }
    body.writeBytes(payload);
    return packet(0x30, body.toByteArray());
  }

  /** A SUBSCRIBE of the given filters, all with the same options byte (QoS and MQTT 5 flags). */
  static byte[] subscribe(int level, int packetId, int options, String... filters) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(packetId >> 8);
    body.write(packetId & 0xFF);
    if (level == 5) {
      body.write(0);
    }
    for (String f : filters) {
      writeString(body, f);
      body.write(options);
    }
    return packet(0x82, body.toByteArray());
  }

  /** A SUBSCRIBE of one filter with a subscription identifier (MQTT 5). */
  static byte[] subscribe5(int packetId, int options, int subscriptionId, String filter) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(packetId >> 8);
    body.write(packetId & 0xFF);
    body.writeBytes(new Mqtt5Props().varInt(0x0B, subscriptionId).encoded());
    writeString(body, filter);
    body.write(options);
    return packet(0x82, body.toByteArray());
  }

  static byte[] packet(int header, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header);
    int len = body.length;
    do {
      int digit = len % 128;
      len /= 128;
      out.write(len > 0 ? digit | 0x80 : digit);
    } while (len > 0);
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Reads one packet: {type byte, body...}; null on end of stream. */
  byte[] readPacket() throws IOException {
    int header = in.read();
    if (header < 0) {
      return null;
    }
    int len = 0;
    int shift = 0;
    int b;
    do {
      b = in.read();
      if (b < 0) {
        return null;
      }
      len |= (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    byte[] out = new byte[len + 1];
    out[0] = (byte) header;
    int read = 0;
    while (read < len) {
      int n = in.read(out, 1 + read, len - read);
      if (n < 0) {
        return null;
      }
      read += n;
    }
    return out;
  }

  /** True when the broker closed the connection (end of stream or reset) within the socket timeout. */
  boolean closedByBroker() throws IOException {
    try {
      while (true) {
        if (readPacket() == null) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write(b.length >> 8);
    out.write(b.length & 0xFF);
    out.writeBytes(b);
  }
}
