package newsdesk.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Starts one OpenSearch node in this JVM, bound to 127.0.0.1, for Newsdesk's tests and for trying
 * the OpenSearch backend locally. One node per process, so a test can kill -9 a single node.
 *
 * <pre>
 * java -Xmx512m -jar target/opensearch-launcher.jar -name node-1 -home /tmp/os/node-1 \
 *      -http 9200 -transport 9300 -seeds 127.0.0.1:9300,127.0.0.1:9301 -managers node-1,node-2
 * </pre>
 *
 * Plugins are the two modules Newsdesk needs, loaded from the classpath: Netty4 (transport and
 * HTTP) and analysis-common (pattern tokenizer, asciifolding, snowball, ...). Disk watermarks are
 * off (test machines run with little free disk). "-E key=value" adds any other node setting.
 * Prints "NEWSDESK-OPENSEARCH-READY http=HOST:PORT" once the node is started. SIGTERM/SIGINT close
 * the node cleanly; with -exit-on-stdin-eof the node also stops when its standard input closes
 * (the test suite holds a pipe, so the JVM never outlives the test process that started it).
 */
public final class Launcher {

    /** Node exposes its constructor that takes classpath plugins only to subclasses. */
    static final class ClasspathPluginNode extends Node {
        ClasspathPluginNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    private static final String USAGE = String.join("\n",
        "usage: java [-Xmx512m] -jar opensearch-launcher.jar -home DIR [options]",
        "  -home DIR            the node's own folder (data/ and logs/ go in it); required",
        "  -cluster NAME        cluster name (default newsdesk)",
        "  -name NAME           node name (default node-1)",
        "  -http PORT           HTTP port (default 9200)",
        "  -transport PORT      transport port (default 9300)",
        "  -seeds H:P,H:P       discovery.seed_hosts (default 127.0.0.1:TRANSPORT)",
        "  -managers N,N        cluster.initial_cluster_manager_nodes (default: this node alone)",
        "  -E key=value         any other node setting (repeatable)",
        "  -exit-on-stdin-eof   stop the node when standard input closes");

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        // log4j must not stop logging before the node's own shutdown hook has closed the node
        System.setProperty("log4j.shutdownHookEnabled", "false");
        String cluster = "newsdesk", name = "node-1", home = null, seeds = null, managers = null;
        int http = 9200, transport = 9300;
        boolean exitOnEof = false;
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-exit-on-stdin-eof")) { exitOnEof = true; continue; }
            if (a.equals("-help") || a.equals("--help") || a.equals("-h")) { System.out.println(USAGE); return; }
            if (i + 1 >= args.length) fail("missing value after " + a);
            String v = args[++i];
            switch (a) {
                case "-home": home = v; break;
                case "-cluster": cluster = v; break;
                case "-name": name = v; break;
                case "-http": http = port(a, v); break;
                case "-transport": transport = port(a, v); break;
                case "-seeds": seeds = v; break;
                case "-managers": managers = v; break;
                case "-E":
                    if (!v.contains("=")) fail("-E needs key=value, got " + v);
                    extra.add(v);
                    break;
                default: fail("unknown option " + a);
            }
        }
        if (home == null) fail("-home DIR is required");
        LogConfigurator.setNodeName(name); // before the first logger: the log pattern names the node
        Path homeDir = Path.of(home).toAbsolutePath();
        Files.createDirectories(homeDir.resolve("config"));

        Settings.Builder s = Settings.builder()
            .put("path.home", homeDir.toString())
            .put("path.data", homeDir.resolve("data").toString())
            .put("path.logs", homeDir.resolve("logs").toString())
            .put("cluster.name", cluster)
            .put("node.name", name)
            .put("network.host", "127.0.0.1")
            .put("http.port", http)
            .put("transport.port", transport)
            .put("transport.type", "netty4")
            .put("http.type", "netty4")
            .putList("discovery.seed_hosts", (seeds == null ? "127.0.0.1:" + transport : seeds).split(","))
            .putList("cluster.initial_cluster_manager_nodes", (managers == null ? name : managers).split(","))
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        for (String kv : extra) {
            int eq = kv.indexOf('=');
            s.put(kv.substring(0, eq), kv.substring(eq + 1));
        }

        Environment env = InternalSettingsPreparer.prepareEnvironment(
            s.build(), java.util.Map.of(), homeDir.resolve("config"), () -> "unnamed");
        Node node = new ClasspathPluginNode(env, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeQuietly(node);
            stopped.countDown();
        }, "newsdesk-opensearch-shutdown"));

        node.start();
        System.out.println("NEWSDESK-OPENSEARCH-READY http=127.0.0.1:" + http + " transport=127.0.0.1:" + transport
            + " name=" + name);
        System.out.flush();

        if (exitOnEof) {
            Thread watcher = new Thread(() -> {
                try (InputStream in = System.in) {
                    while (in.read() != -1) { /* the parent never writes; EOF means it is gone */ }
                } catch (IOException ignored) {
                    // a broken pipe is also the parent going away
                }
                System.exit(0); // runs the shutdown hook, which closes the node
            }, "newsdesk-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await(); // keeps the JVM alive; the node's own threads may all be daemons
    }

    private static void closeQuietly(Node node) {
        try {
            node.close();
            node.awaitClose(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("closing the node failed: " + e);
        }
    }

    private static int port(String option, String value) {
        try {
            int p = Integer.parseInt(value);
            if (p > 0 && p < 65536) return p;
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        fail(option + " needs a port number (1-65535), got " + value);
        return -1;
    }

    private static void fail(String message) {
        System.err.println("opensearch-launcher: " + message + "\n" + USAGE);
        System.exit(2);
    }
}
