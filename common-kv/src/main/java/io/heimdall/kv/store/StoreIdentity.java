package io.heimdall.kv.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The persisted identity of a store in its data directory: a UUID chosen once, and the Raft port picked when none
 * was configured, reused on restart because other stores remember the address.
 */
record StoreIdentity(String id, int raftPort) {
    static StoreIdentity loadOrCreate(Path dataDir, String host, int configuredPort) throws IOException {
        Files.createDirectories(dataDir);
        Path idFile = dataDir.resolve("store.id");
        String id;
        if (Files.exists(idFile)) {
            id = Files.readString(idFile, StandardCharsets.UTF_8).trim();
            try {
                UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                throw new IOException(idFile + " must hold the store's UUID, found: " + id, e);
            }
        } else {
            id = UUID.randomUUID().toString();
            write(idFile, id);
        }
        if (configuredPort > 0) {
            return new StoreIdentity(id, configuredPort);
        }
        Path portFile = dataDir.resolve("raft.port");
        if (Files.exists(portFile)) {
            return new StoreIdentity(id, Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).trim()));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            port = s.getLocalPort();
        }
        write(portFile, Integer.toString(port));
        return new StoreIdentity(id, port);
    }

    private static void write(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
