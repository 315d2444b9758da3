package io.shardline.admin.cli;

import io.shardline.admin.AccessKey;
import io.shardline.admin.AccessKeys;
import io.shardline.admin.AdminCli;
import io.shardline.admin.ShardlineAdmin;
import io.shardline.admin.http.ApiServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar shardline-admin.jar}: {@code serve} runs the DRDS OpenAPI over HTTP(S), {@code keys} manages its
 * access keys, {@code metadata import|export|check} are the store tools, and {@code <store url> <Action> Name=Value...}
 * runs one action (as {@code scripts/admin} always did).
 */
@Command(name = "shardline-admin", mixinStandardHelpOptions = true, version = "Shardline admin",
        description = "The DRDS management API of a Shardline estate.",
        subcommands = {AdminMain.Serve.class, AdminMain.Keys.class},
        footer = {"", "Or one action: shardline-admin <jdbc:shardline:... store url> <Action> [Name=Value ...]"})
public final class AdminMain {
    public static void main(String[] args) throws Exception {
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** The exit code: 0 done, 1 refused or failed, 2 a wrong command line. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) throws Exception {
        if (args.length > 0 && (args[0].startsWith("jdbc:") || args[0].equals("metadata"))) {
            return AdminCli.run(args, System.out, System.err);
        }
        CommandLine cli = new CommandLine(new AdminMain());
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    static final class StoreOption {
        @Option(names = "--store", required = true, paramLabel = "<jdbc:shardline:... url>",
                description = "The metadata store, as the driver's URL (with its secretKey or secretKeyFile, or the"
                        + " key from SHARDLINE_SECRET_KEY or ~/.shardline/secret.key).")
        String url;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serves the DRDS OpenAPI (and the RDS copy, backup and move actions) over HTTP or HTTPS.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        StoreOption store = new StoreOption();

        @Option(names = "--listen", defaultValue = "127.0.0.1:8090", paramLabel = "<host:port>",
                description = "Address to listen on (default ${DEFAULT-VALUE}).")
        String listen;

        @Option(names = "--keystore", paramLabel = "<file>",
                description = "Serve HTTPS with this PKCS12 or JKS keystore; its password is read from the"
                        + " SHARDLINE_KEYSTORE_PASSWORD environment variable or --keystore-password-file.")
        Path keystore;

        @Option(names = "--keystore-password-file", paramLabel = "<file>",
                description = "A file holding the keystore's password (first line).")
        Path keystorePasswordFile;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            int colon = listen.lastIndexOf(':');
            if (colon <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--listen must be host:port");
            }
            String host = listen.substring(0, colon).replace("[", "").replace("]", "");
            int port = Integer.parseInt(listen.substring(colon + 1));
            ApiServer.Tls tls = null;
            if (keystore != null) {
                String password = keystorePasswordFile != null
                        ? Files.readAllLines(keystorePasswordFile).stream().findFirst().orElse("")
                        : System.getenv().getOrDefault("SHARDLINE_KEYSTORE_PASSWORD", "");
                tls = new ApiServer.Tls(keystore, password);
            }
            ShardlineAdmin admin = ShardlineAdmin.open(store.url);
            ApiServer server = ApiServer.start(admin, new InetSocketAddress(host, port), tls);
            spec.commandLine().getOut().println("listening on " + server.uri());
            spec.commandLine().getOut().flush();
            server.join();
            return 0;
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true, description = "Manages the HTTP API's access keys.",
            subcommands = {Create.class, ListKeys.class, Disable.class, Delete.class})
    static final class Keys {
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Makes a key; prints AccessKeyId=<id> and AccessKeySecret=<secret> (shown only now).")
    static final class Create implements Callable<Integer> {
        @CommandLine.Mixin
        StoreOption store = new StoreOption();

        @Option(names = "--actions", split = ",", paramLabel = "<pattern>",
                description = "Actions the key may call: names or patterns like 'Describe*' (default: all).")
        List<String> actions = List.of();

        @Option(names = "--instances", split = ",", paramLabel = "<id>",
                description = "DRDS or RDS instance ids the key may act on (default: all).")
        List<String> instances = List.of();

        @Option(names = "--description", defaultValue = "", description = "What the key is for.")
        String description;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            AccessKeys.Created created;
            try {
                created = ShardlineAdmin.open(store.url).accessKeys().create(actions, instances, description);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("AccessKeyId=" + created.key().accessKeyId());
            out.println("AccessKeySecret=" + created.secret());
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the keys: id, status, actions, instances, description (never secrets).")
    static final class ListKeys implements Callable<Integer> {
        @CommandLine.Mixin
        StoreOption store = new StoreOption();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            for (AccessKey k : ShardlineAdmin.open(store.url).accessKeys().list()) {
                out.println(String.join("\t", k.accessKeyId(), k.status(), String.join(",", k.actions()),
                        k.instances().isEmpty() ? "*" : String.join(",", k.instances()), k.description()));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disables a key: its calls are refused.")
    static final class Disable implements Callable<Integer> {
        @CommandLine.Mixin
        StoreOption store = new StoreOption();

        @Parameters(paramLabel = "<AccessKeyId>")
        String id;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return report(spec, ShardlineAdmin.open(store.url).accessKeys().disable(id), "disabled " + id);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a key.")
    static final class Delete implements Callable<Integer> {
        @CommandLine.Mixin
        StoreOption store = new StoreOption();

        @Parameters(paramLabel = "<AccessKeyId>")
        String id;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return report(spec, ShardlineAdmin.open(store.url).accessKeys().delete(id), "deleted " + id);
        }
    }

    private static int report(CommandLine.Model.CommandSpec spec, boolean done, String what) {
        if (!done) {
            spec.commandLine().getErr().println("no access key " + what.substring(what.indexOf(' ') + 1));
            return 1;
        }
        spec.commandLine().getOut().println(what);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
