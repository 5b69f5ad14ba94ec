import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * A local Neo4j 5.26 community server: the embedded engine with the Bolt
 * connector on 127.0.0.1 only. Started and stopped by `emkg neo4j start|stop`.
 *
 * Arguments: DATA_DIR PORT PASSWORD_FILE PAGECACHE_MB TX_TIMEOUT_S
 * Prints "EMKG-NEO4J-READY bolt://127.0.0.1:PORT" once Bolt accepts connections,
 * shuts the database down cleanly on SIGTERM/SIGINT (the hook is registered before
 * anything else can fail, so a stop never leaves a store that needs recovery).
 * The anonymous usage report (a network call home) is off.
 */
public final class EmbeddedNeo4j {
    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: EmbeddedNeo4j DATA_DIR PORT PASSWORD_FILE PAGECACHE_MB TX_TIMEOUT_S");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = Files.readString(Path.of(args[2])).strip();
        long pagecacheMb = Long.parseLong(args[3]);
        long txTimeoutS = Long.parseLong(args[4]);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dataDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pagecacheMb))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutS))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // A stop closes Bolt at once (it waited 2 x 5 s, even with no connection left).
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ZERO)
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "emkg-neo4j-shutdown"));

        // The built-in user starts with a password that must be changed; set ours
        // (read from a 0600 file, never from the command line) without that flag. Once set,
        // a marker holding its digest skips this on the next starts: the first Cypher
        // statement of a cold JVM takes seconds, and the clients' first queries pay it anyway.
        Path applied = dataDir.resolve("data").resolve("emkg-password.applied");  // with the store
        String digest = sha256(password);
        if (!Files.exists(applied) || !Files.readString(applied).strip().equals(digest)) {
            try {
                dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                        "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            } catch (QueryExecutionException e) {
                // already ours (a store from before the marker): Neo4j refuses "the same"
                if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                    throw e;
                }
            }
            Files.writeString(applied, digest);
        }
        System.out.println("EMKG-NEO4J-READY bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }

    private static String sha256(String text) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash);
    }
}
