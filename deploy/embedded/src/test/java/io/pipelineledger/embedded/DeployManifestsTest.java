package io.pipelineledger.embedded;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The deployment manifests of the three-service mode (deploy/compose.yaml, deploy/k8s/*.yaml, deploy/Dockerfile)
 * against the services' own settings: ports are the defaults in each service's application.yml, probes and
 * healthchecks ask the actuator on that port, every environment variable is one the service understands, images,
 * topic, partitions, databases and credentials agree between compose, Kubernetes and the PostgreSQL init script.
 * What {@code kubectl apply -f deploy/k8s/} applies holds no Secret (they are made from the operator's files with the
 * commands of deploy/README.md, whose keys are checked here); every replica of a consumer reads every partition with
 * a read model and group of its own; the example Ingress routes each controller's path to the service serving it.
 * Reads files only: runs with Maven from deploy/embedded (the module directory), whose parent is deploy/.
 */
class DeployManifestsTest {

    static final Path DEPLOY = Path.of("..").toAbsolutePath().normalize();
    static final Path REPO = DEPLOY.getParent();
    static final List<String> SERVICES = List.of("command-service", "query-service", "forecast-service");

    /**
     * The image tag the manifests run (pipeline-ledger/SERVICE:TAG): the release the build's version leads to, read
     * from the root pom (0.1.0-SNAPSHOT builds 0.1.0), so a version bump that forgets the manifests fails here.
     */
    static final String IMAGE_TAG = releaseVersion();
    /** The topic's default in the three-service contract, used while no service yml names it. */
    static final String DOCUMENTED_TOPIC = "pipeline-ledger.events";
    static final String DOCUMENTED_PARTITIONS = "12";
    /** The database each service owns (PostgreSQL, deploy/postgres/init.sql). */
    static final Map<String, String> DATABASES = Map.of("command-service", "ledger", "query-service", "query",
            "forecast-service", "forecast");

    /**
     * The LEDGER_* variables each service understands according to the three-service contract (properties bound in
     * code, not necessarily named in its yml files). A variable outside this list must name a key of the service's
     * yml files. The consumers take the topic's shape too: whichever service finds the topic missing creates it
     * (EventTopic.ensureExists, called by KafkaEventSource as well as by the publisher).
     */
    static final Map<String, Set<String>> DOCUMENTED_LEDGER_VARS = Map.of(
            "command-service", Set.of("LEDGER_KAFKA_ENABLED", "LEDGER_KAFKA_BOOTSTRAP_SERVERS", "LEDGER_KAFKA_TOPIC",
                    "LEDGER_KAFKA_PARTITIONS", "LEDGER_KAFKA_REPLICATION_FACTOR"),
            "query-service", Set.of("LEDGER_KAFKA_ENABLED", "LEDGER_KAFKA_BOOTSTRAP_SERVERS", "LEDGER_KAFKA_TOPIC",
                    "LEDGER_KAFKA_PARTITIONS", "LEDGER_KAFKA_REPLICATION_FACTOR", "LEDGER_KAFKA_CONSUMER_GROUP"),
            "forecast-service", Set.of("LEDGER_KAFKA_ENABLED", "LEDGER_KAFKA_BOOTSTRAP_SERVERS", "LEDGER_KAFKA_TOPIC",
                    "LEDGER_KAFKA_PARTITIONS", "LEDGER_KAFKA_REPLICATION_FACTOR", "LEDGER_KAFKA_CONSUMER_GROUP"));

    /** Other variables every service understands: Spring Boot's and the JVM's, and the pod name for derived groups. */
    static final Set<String> OTHER_VARS = Set.of("PORT", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME",
            "SPRING_DATASOURCE_PASSWORD", "JAVA_TOOL_OPTIONS", "JAVA_OPTS", "POD_NAME",
            "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED",
            // the StatefulSet's pod ordinal and the ConfigMap's URL, composed into SPRING_DATASOURCE_URL
            "POD_INDEX", "QUERY_DATABASE_URL");
    /** The label Kubernetes (1.28+) gives each StatefulSet pod: its ordinal. */
    static final String POD_INDEX_FIELD = "metadata.labels['apps.kubernetes.io/pod-index']";
    /** Paths of the currency contract (COMMON, issue 14) whose controller another change adds to command-service. */
    static final Map<String, String> CONTRACT_PATHS = Map.of("/api/v1/exchange-rates", "command-service");

    static final String READINESS = "/actuator/health/readiness";
    static final String LIVENESS = "/actuator/health/liveness";
    static final String PROMETHEUS = "/actuator/prometheus";
    static final Pattern PORT_PLACEHOLDER = Pattern.compile("\\$\\{PORT:(\\d+)}");
    static final Pattern JDBC_POSTGRES = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([A-Za-z0-9_]+)(\\?.*)?");

    static Map<String, Object> compose;
    /** kind/name → document, over every file of deploy/k8s (what kubectl apply -f deploy/k8s/ applies). */
    static final Map<String, Map<String, Object>> k8s = new TreeMap<>();
    /** kind/name → document, over deploy/k8s/examples (applied by hand, after editing). */
    static final Map<String, Map<String, Object>> examples = new TreeMap<>();
    /** Secret name → its keys, from the kubectl create secret commands of deploy/README.md. */
    static final Map<String, Set<String>> documentedSecrets = new TreeMap<>();
    static final Map<String, Integer> ports = new LinkedHashMap<>();
    /** Canonical forms of every key and placeholder variable of each service's yml files. */
    static final Map<String, Set<String>> ymlKeys = new LinkedHashMap<>();
    /** Each service's yml files, flattened: property key → value. */
    static final Map<String, Map<String, String>> ymlProperties = new LinkedHashMap<>();
    static String initSql;

    @BeforeAll
    static void load() throws IOException {
        assertThat(DEPLOY.resolve("compose.yaml")).as("deploy/ seen from the module directory").isRegularFile();
        compose = asMap(loadAll(DEPLOY.resolve("compose.yaml")).get(0), "compose.yaml");
        loadManifests(DEPLOY.resolve("k8s"), k8s);
        loadManifests(DEPLOY.resolve("k8s/examples"), examples);
        documentedSecrets.putAll(createSecretCommands(Files.readString(DEPLOY.resolve("README.md"))));
        for (String service : SERVICES) {
            Path resources = REPO.resolve(service).resolve("src/main/resources");
            Map<String, Object> application = asMap(loadAll(resources.resolve("application.yml")).get(0), service);
            Object port = at(application, "server", "port");
            Matcher placeholder = PORT_PLACEHOLDER.matcher(String.valueOf(port));
            assertThat(placeholder.matches()).as("%s server.port is ${PORT:default}, was %s", service, port).isTrue();
            ports.put(service, Integer.parseInt(placeholder.group(1)));

            Map<String, String> properties = new TreeMap<>();
            try (Stream<Path> ymls = Files.list(resources)) {
                for (Path yml : ymls.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                        .toList()) {
                    for (Object document : loadAll(yml)) {
                        if (document != null) {
                            flatten("", document, properties);
                        }
                    }
                }
            }
            ymlProperties.put(service, properties);
            Set<String> keys = new LinkedHashSet<>();
            properties.forEach((key, value) -> {
                keys.add(canonical(key));
                Matcher variable = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)[:}]").matcher(value);
                while (variable.find()) {
                    keys.add(canonical(variable.group(1)));
                }
            });
            ymlKeys.put(service, keys);
        }
        assertThat(ports.values()).as("each service on its own port").doesNotHaveDuplicates();
        initSql = Files.readString(DEPLOY.resolve("postgres/init.sql"));
    }

    // ---------------------------------------------------------------------------------------------- images

    @Test
    void dockerfileBuildsEachServicesExecJar() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        assertThat(dockerfile).as("base image").containsPattern("(?m)^FROM eclipse-temurin:17-jre\\s*$");
        assertThat(dockerfile).containsPattern("(?m)^ARG SERVICE\\s*$");
        Matcher version = Pattern.compile("(?m)^ARG VERSION=(\\S+)\\s*$").matcher(dockerfile);
        assertThat(version.find()).as("ARG VERSION=<project version>").isTrue();
        assertThat(version.group(1)).as("the jar version the Dockerfile copies").isEqualTo(projectVersion());
        assertThat(dockerfile).contains("COPY --chown=ledger:ledger ${SERVICE}/target/${SERVICE}-${VERSION}-exec.jar "
                + "/app/app.jar");
        assertThat(dockerfile).containsPattern("(?m)^ENTRYPOINT .*java .*-jar /app/app\\.jar");
        String ignore = Files.readString(DEPLOY.resolve("Dockerfile.dockerignore"));
        for (String service : SERVICES) {
            String pom = Files.readString(REPO.resolve(service).resolve("pom.xml"));
            assertThat(pom).as("%s builds an exec jar", service).contains("<classifier>exec</classifier>");
            assertThat(ignore).as("%s's jar is in the build context", service)
                    .contains("!" + service + "/target/" + service + "-*-exec.jar");
        }
    }

    @Test
    void composeBuildsTheImagesKubernetesRuns() {
        for (String service : SERVICES) {
            Map<String, Object> svc = composeService(service);
            Map<String, Object> build = asMap(svc.get("build"), service + " build");
            assertThat(DEPLOY.resolve(str(build.get("context"))).normalize()).as("%s build context", service)
                    .isEqualTo(REPO);
            assertThat(REPO.resolve(str(build.get("dockerfile"))).normalize()).as("%s dockerfile", service)
                    .isEqualTo(DEPLOY.resolve("Dockerfile"));
            assertThat(str(at(build, "args", "SERVICE"))).as("%s build arg SERVICE", service).isEqualTo(service);
            String image = str(svc.get("image"));
            assertThat(image).as("%s compose image", service).isEqualTo("pipeline-ledger/" + service + ":" + IMAGE_TAG);
            assertThat(containers(service)).as("%s containers", service).hasSize(1);
            assertThat(str(container(service).get("image"))).as("%s k8s image = compose image", service)
                    .isEqualTo(image);
        }
    }

    // ---------------------------------------------------------------------------------------------- ports, probes

    @Test
    void composePublishesEachServiceOnItsPortAndChecksReadinessThere() {
        for (String service : SERVICES) {
            int port = ports.get(service);
            Map<String, Object> svc = composeService(service);
            Map<String, String> env = composeEnv(service);
            if (env.containsKey("PORT")) {
                assertThat(env.get("PORT")).as("%s compose PORT", service).isEqualTo(String.valueOf(port));
            }
            List<Object> published = asList(svc.get("ports"), service + " ports");
            assertThat(published).as("%s publishes one port", service).hasSize(1);
            String mapping = str(published.get(0));
            Matcher m = Pattern.compile("(?:[0-9.]+:)?(\\d+):(\\d+)(?:/tcp)?").matcher(mapping);
            assertThat(m.matches()).as("%s port mapping host:container, was %s", service, mapping).isTrue();
            assertThat(Integer.parseInt(m.group(2))).as("%s container port", service).isEqualTo(port);
            assertThat(Integer.parseInt(m.group(1))).as("%s published port", service).isEqualTo(port);

            String check = String.join(" ", asList(at(svc, "healthcheck", "test"), service + " healthcheck")
                    .stream().map(String::valueOf).toList());
            assertThat(check).as("%s healthcheck", service).contains(READINESS);
            Matcher target = Pattern.compile(
                    "(?:/dev/tcp/(?:localhost|127\\.0\\.0\\.1)/|https?://(?:localhost|127\\.0\\.0\\.1):)(\\d+)")
                    .matcher(check);
            List<Integer> targets = new ArrayList<>();
            while (target.find()) {
                targets.add(Integer.parseInt(target.group(1)));
            }
            assertThat(targets).as("%s healthcheck asks its own port", service).isNotEmpty().containsOnly(port);
        }
    }

    @Test
    void kubernetesContainersServicesAndProbesUseTheServicePort() {
        for (String service : SERVICES) {
            int port = ports.get(service);
            Map<String, Object> container = container(service);
            List<Object> containerPorts = asList(container.get("ports"), service + " container ports");
            assertThat(containerPorts).as("%s container ports", service).hasSize(1);
            Map<String, Object> containerPort = asMap(containerPorts.get(0), service + " container port");
            assertThat(containerPort.get("containerPort")).as("%s containerPort", service).isEqualTo(port);
            String env = literalEnv(container).get("PORT");
            if (env != null) {
                assertThat(env).as("%s k8s PORT", service).isEqualTo(String.valueOf(port));
            }

            for (var probe : Map.of("readinessProbe", READINESS, "livenessProbe", LIVENESS).entrySet()) {
                assertThat(container).as("%s %s", service, probe.getKey()).containsKey(probe.getKey());
            }
            for (var probe : Map.of("readinessProbe", READINESS, "livenessProbe", LIVENESS, "startupProbe", LIVENESS)
                    .entrySet()) {
                if (!container.containsKey(probe.getKey())) {
                    continue;
                }
                Map<String, Object> get = asMap(at(container, probe.getKey(), "httpGet"), service + " " + probe.getKey());
                assertThat(get.get("path")).as("%s %s path", service, probe.getKey()).isEqualTo(probe.getValue());
                assertThat(resolvePort(container, get.get("port"))).as("%s %s port", service, probe.getKey())
                        .isEqualTo(port);
            }

            Map<String, Object> annotations = asMap(at(workload(service), "spec", "template", "metadata",
                    "annotations"), service + " pod annotations");
            assertThat(str(annotations.get("prometheus.io/scrape"))).as("%s scraped", service).isEqualTo("true");
            assertThat(str(annotations.get("prometheus.io/port"))).as("%s scrape port", service)
                    .isEqualTo(String.valueOf(port));
            assertThat(str(annotations.get("prometheus.io/path"))).as("%s scrape path", service).isEqualTo(PROMETHEUS);

            Map<String, Object> svc = k8s("Service", service);
            Object type = at(svc, "spec", "type");
            assertThat(type == null ? "ClusterIP" : type).as("%s Service type", service).isEqualTo("ClusterIP");
            List<Object> servicePorts = asList(at(svc, "spec", "ports"), service + " Service ports");
            assertThat(servicePorts).as("%s Service ports", service).hasSize(1);
            Map<String, Object> servicePort = asMap(servicePorts.get(0), service + " Service port");
            assertThat(servicePort.get("port")).as("%s Service port", service).isEqualTo(port);
            Object targetPort = servicePort.getOrDefault("targetPort", servicePort.get("port"));
            assertThat(resolvePort(container, targetPort)).as("%s Service targetPort = containerPort", service)
                    .isEqualTo(containerPort.get("containerPort"));
            Map<String, Object> podLabels = asMap(at(workload(service), "spec", "template", "metadata", "labels"),
                    service + " pod labels");
            Map<String, Object> selector = asMap(at(svc, "spec", "selector"), service + " Service selector");
            assertThat(selector).as("%s Service selects its pods", service).isNotEmpty();
            assertThat(podLabels).as("%s pods carry the Service's selector", service).containsAllEntriesOf(selector);
            Map<String, Object> matchLabels = asMap(at(workload(service), "spec", "selector", "matchLabels"),
                    service + " selector");
            assertThat(podLabels).as("%s pods match their workload's selector", service)
                    .containsAllEntriesOf(matchLabels);
        }
    }

    @Test
    void everyWorkloadRequestsResources() {
        List<Map<String, Object>> workloads = k8s.values().stream()
                .filter(doc -> List.of("Deployment", "StatefulSet").contains(doc.get("kind"))).toList();
        assertThat(workloads).as("a workload per service").hasSize(SERVICES.size());
        for (Map<String, Object> workload : workloads) {
            String name = str(at(workload, "metadata", "name"));
            assertThat(SERVICES).as("workload %s is a service", name).contains(name);
            for (Object c : asList(at(workload, "spec", "template", "spec", "containers"), name + " containers")) {
                Map<String, Object> container = asMap(c, name + " container");
                Map<String, Object> requests = asMap(at(container, "resources", "requests"), name + " requests");
                assertThat(requests).as("%s resources.requests", name).containsKeys("cpu", "memory");
                Map<String, Object> limits = asMap(at(container, "resources", "limits"), name + " limits");
                assertThat(limits).as("%s resources.limits", name).containsKey("memory");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- environment

    @Test
    void everyVariableIsOneTheServiceUnderstands() {
        for (String service : SERVICES) {
            Map<String, Set<String>> used = new LinkedHashMap<>();
            used.put("compose", composeEnv(service).keySet());
            used.put("k8s", envNames(container(service)));
            used.forEach((where, names) -> {
                assertThat(names).as("%s %s sets variables", service, where).isNotEmpty();
                for (String name : names) {
                    if (name.startsWith("LEDGER_")) {
                        boolean inYml = ymlKeys.get(service).contains(canonical(name));
                        boolean documented = DOCUMENTED_LEDGER_VARS.get(service).contains(name);
                        assertThat(inYml || documented)
                                .as("%s %s sets %s: neither a key of its yml files nor in its documented list",
                                        service, where, name).isTrue();
                    } else {
                        assertThat(OTHER_VARS).as("%s %s sets %s", service, where, name).contains(name);
                    }
                }
                assertThat(names).as("%s %s: the contract's settings", service, where)
                        .contains("SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD",
                                "LEDGER_KAFKA_ENABLED", "LEDGER_KAFKA_BOOTSTRAP_SERVERS", "LEDGER_KAFKA_TOPIC");
            });
        }
    }

    // ---------------------------------------------------------------------------------------------- API keys

    /**
     * The services start closed (no key of their own): each must read a keys file the operator provides, from a
     * read-only mount (compose: deploy/secrets; Kubernetes: the Secret with that file name, mounted as a directory
     * so that a new version reaches the file in place).
     */
    @Test
    void everyServiceReadsTheOperatorsKeysFileFromAReadOnlyMount() {
        for (String service : SERVICES) {
            String composeFile = composeEnv(service).get("LEDGER_SECURITY_KEYS_FILE");
            assertThat(composeFile).as("%s compose LEDGER_SECURITY_KEYS_FILE", service).isNotNull();
            List<String> composeMounts = asList(composeService(service).get("volumes"), service + " volumes").stream()
                    .map(String::valueOf).toList();
            assertThat(composeMounts).as("%s mounts deploy/secrets read-only over the keys file's directory",
                    service).contains("./secrets:" + Path.of(composeFile).getParent() + ":ro");

            Map<String, Object> container = container(service);
            String k8sFile = str(envEntry(container, "LEDGER_SECURITY_KEYS_FILE").get("value"));
            Map<String, Object> mount = asList(container.get("volumeMounts"), service + " volumeMounts").stream()
                    .map(m -> asMap(m, "volumeMount"))
                    .filter(m -> Path.of(k8sFile).getParent().toString().equals(str(m.get("mountPath"))))
                    .findFirst().orElseGet(() -> fail("%s: no volume mounted at the keys file's directory", service));
            assertThat(mount.get("readOnly")).as("%s keys mount read-only", service).isEqualTo(true);
            assertThat(mount).as("%s keys mount without subPath (updates arrive in place)", service)
                    .doesNotContainKey("subPath");
            Map<String, Object> volume = asList(at(workload(service), "spec", "template", "spec", "volumes"),
                    service + " volumes").stream().map(v -> asMap(v, "volume"))
                    .filter(v -> mount.get("name").equals(v.get("name"))).findFirst()
                    .orElseGet(() -> fail("%s: no volume %s", service, mount.get("name")));
            assertThat(documentedSecret(str(at(volume, "secret", "secretName"))))
                    .as("%s: the Secret holds the file the service reads", service)
                    .contains(Path.of(k8sFile).getFileName().toString());
        }
    }

    /** deploy/new-api-key writes lines the services accept, and prints keys that authenticate with their scopes. */
    @Test
    void newApiKeyMakesKeysTheServicesAccept() throws Exception {
        Path file = Files.createTempDirectory("new-api-key").resolve("secrets/api-keys");
        String crm = newApiKey(file, "events:write", "Salesforce connector");
        String finance = newApiKey(file, "forecast:read,metrics:read", "");
        String before = Files.readString(file);
        Process refused = new ProcessBuilder(DEPLOY.resolve("new-api-key").toString(), file.toString(),
                "events:write,metrics:write").redirectErrorStream(true).start();
        String refusal = new String(refused.getInputStream().readAllBytes());
        assertThat(refused.waitFor()).as("an unknown scope is refused").isEqualTo(2);
        assertThat(refusal).contains("metrics:write");
        assertThat(Files.readString(file)).as("and writes nothing").isEqualTo(before);

        assertThat(before).doesNotContain(crm).doesNotContain(finance);
        io.pipelineledger.events.security.ApiKeys keys = new io.pipelineledger.events.security.ApiKeys(file,
                List.of(), java.time.Duration.ZERO, java.time.Clock.systemUTC());
        assertThat(keys.list()).hasSize(2);
        var crmKey = keys.authenticate(crm).orElseThrow();
        assertThat(crmKey.name()).isEqualTo("Salesforce connector");
        assertThat(crmKey.scopes()).containsExactly(io.pipelineledger.events.security.Scope.EVENTS_WRITE);
        assertThat(keys.authenticate(finance).orElseThrow().scopes()).containsExactlyInAnyOrder(
                io.pipelineledger.events.security.Scope.FORECAST_READ,
                io.pipelineledger.events.security.Scope.METRICS_READ);
        assertThat(keys.authenticate(crm.substring(0, crm.length() - 1) + (crm.endsWith("A") ? "B" : "A")))
                .as("a key with one character changed").isEmpty();
    }

    private static String newApiKey(Path file, String scopes, String name) throws Exception {
        Process process = new ProcessBuilder(DEPLOY.resolve("new-api-key").toString(), file.toString(), scopes, name)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String key = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor()).as("new-api-key " + scopes).isZero();
        assertThat(key).matches("pl_[a-z0-9]{4,32}_[A-Za-z0-9_-]{43}");
        return key;
    }

    @Test
    void kubernetesReferencesExistingConfigMapAndSecretKeys() {
        int secretRefs = 0;
        for (String service : SERVICES) {
            for (Object e : asList(container(service).get("env"), service + " env")) {
                Map<String, Object> env = asMap(e, service + " env entry");
                if (!env.containsKey("valueFrom")) {
                    assertThat(env).as("%s %s has a value", service, env.get("name")).containsKey("value");
                    continue;
                }
                Map<String, Object> from = asMap(env.get("valueFrom"), service + " valueFrom");
                if (from.containsKey("secretKeyRef")) {
                    Map<String, Object> ref = asMap(from.get("secretKeyRef"), "secretKeyRef");
                    Set<String> keys = documentedSecret(str(ref.get("name")));
                    assertThat(keys).as("%s %s: key of Secret %s", service, env.get("name"), ref.get("name"))
                            .contains(str(ref.get("key")));
                    secretRefs++;
                } else if (from.containsKey("configMapKeyRef")) {
                    Map<String, Object> ref = asMap(from.get("configMapKeyRef"), "configMapKeyRef");
                    Map<String, Object> data = asMap(k8s("ConfigMap", str(ref.get("name"))).get("data"), "data");
                    assertThat(data).as("%s %s: key of ConfigMap %s", service, env.get("name"), ref.get("name"))
                            .containsKey(str(ref.get("key")));
                } else if (from.containsKey("fieldRef")) {
                    assertThat(env.get("name")).as("%s: fieldRef only for the pod's name or ordinal", service)
                            .isIn("POD_NAME", "POD_INDEX");
                    assertThat(at(from, "fieldRef", "fieldPath")).isEqualTo(env.get("name").equals("POD_NAME")
                            ? "metadata.name" : POD_INDEX_FIELD);
                } else {
                    fail("%s %s: unexpected valueFrom %s", service, env.get("name"), from);
                }
            }
            for (String credential : List.of("SPRING_DATASOURCE_USERNAME", "SPRING_DATASOURCE_PASSWORD")) {
                Map<String, Object> from = asMap(envEntry(container(service), credential).get("valueFrom"),
                        service + " " + credential + " from a Secret");
                assertThat(from).as("%s %s from a Secret", service, credential).containsKey("secretKeyRef");
            }
        }
        assertThat(secretRefs).as("credentials come from the Secret").isGreaterThanOrEqualTo(2 * SERVICES.size());
    }

    @Test
    void oneTopicAndPartitionCountEverywhere() {
        Map<String, String> topics = new LinkedHashMap<>();
        Map<String, String> partitions = new LinkedHashMap<>();
        for (String service : SERVICES) {
            Map<String, String> composeVars = composeEnv(service);
            Map<String, String> kube = resolvedEnv(container(service));
            topics.put(service + " compose", composeVars.get("LEDGER_KAFKA_TOPIC"));
            topics.put(service + " k8s", kube.get("LEDGER_KAFKA_TOPIC"));
            String yml = ymlDefault(service, "ledger.kafka.topic");
            if (yml != null) {
                topics.put(service + " yml default", yml);
            }
            for (var env : Map.of("compose", composeVars, "k8s", kube).entrySet()) {
                if (env.getValue().containsKey("LEDGER_KAFKA_PARTITIONS")) {
                    partitions.put(service + " " + env.getKey(), env.getValue().get("LEDGER_KAFKA_PARTITIONS"));
                }
            }
            String ymlPartitions = ymlDefault(service, "ledger.kafka.partitions");
            if (ymlPartitions != null) {
                partitions.put(service + " yml default", ymlPartitions);
            }
        }
        String expected = topics.entrySet().stream().filter(e -> e.getKey().endsWith("yml default"))
                .map(Map.Entry::getValue).findFirst().orElse(DOCUMENTED_TOPIC);
        assertThat(topics.values()).as("the topic everywhere: %s", topics).doesNotContainNull().containsOnly(expected);
        assertThat(partitions).as("every service that may create the topic is told its partitions").containsKeys(
                SERVICES.stream().flatMap(service -> Stream.of(service + " compose", service + " k8s")).toArray(
                        String[]::new));
        assertThat(partitions.values()).as("one partition count: %s", partitions).containsOnly(DOCUMENTED_PARTITIONS);

        for (String where : List.of("compose", "k8s")) {
            Set<String> factors = new LinkedHashSet<>();
            for (String service : SERVICES) {
                Map<String, String> env = where.equals("compose") ? composeEnv(service)
                        : resolvedEnv(container(service));
                factors.add(env.get("LEDGER_KAFKA_REPLICATION_FACTOR"));
            }
            assertThat(factors).as("one replication factor in %s", where).hasSize(1).doesNotContainNull();
        }
        assertThat(composeEnv("command-service").get("LEDGER_KAFKA_REPLICATION_FACTOR"))
                .as("compose has one broker").isEqualTo("1");
    }

    /**
     * Every query replica reads every partition, with the group its read model names (ReplicaGroup): so each replica
     * needs a read model of its own. Kubernetes: a StatefulSet whose pods each keep the schema of their ordinal;
     * compose: each query instance on a schema of its own. The forecast runs once and is replaced, never joined.
     */
    @Test
    void everyConsumerReplicaHasAReadModelAndSoAGroupOfItsOwn() {
        Map<String, Object> query = workload("query-service");
        assertThat(query.get("kind")).as("per-pod read models: a StatefulSet").isEqualTo("StatefulSet");
        assertThat((Integer) at(query, "spec", "replicas")).as("query-service replicas").isGreaterThanOrEqualTo(2);
        Map<String, Object> headless = k8s("Service", str(at(query, "spec", "serviceName")));
        assertThat(str(at(headless, "spec", "clusterIP"))).as("the StatefulSet's governing Service").isEqualTo("None");
        assertThat(envNames(container("query-service"))).contains("POD_INDEX");
        String url = resolvedEnv(container("query-service")).get("SPRING_DATASOURCE_URL");
        assertThat(schema(url)).as("each pod its own schema: %s", url).contains("$(POD_INDEX)");
        assertThat(schema(url).replace("$(POD_INDEX)", "0")).as("a plain identifier").matches("[a-z_][a-z0-9_]*");
        assertThat(String.valueOf(at(query, "spec", "updateStrategy", "type"))).as("one pod replaced at a time, its "
                + "successor after it stopped").isEqualTo("RollingUpdate");

        Map<String, Object> services = asMap(compose.get("services"), "services");
        List<String> readModels = new ArrayList<>();
        services.forEach((name, svc) -> {
            if ("query-service".equals(str(at(svc, "build", "args", "SERVICE")))) {
                String composeUrl = envOf(asMap(svc, name), name).get("SPRING_DATASOURCE_URL");
                Matcher m = JDBC_POSTGRES.matcher(composeUrl);
                assertThat(m.matches()).as("%s datasource url", name).isTrue();
                readModels.add(m.group(1) + ":" + m.group(2) + "/" + m.group(3) + " schema " + schema(composeUrl));
            }
        });
        assertThat(readModels).as("compose runs two query replicas").hasSizeGreaterThanOrEqualTo(2);
        assertThat(readModels).as("each on a read model of its own").doesNotHaveDuplicates()
                .noneMatch(model -> model.endsWith("schema public"));

        Map<String, Object> forecast = workload("forecast-service");
        Object replicas = at(forecast, "spec", "replicas");
        int forecastReplicas = replicas == null ? 1 : (Integer) replicas;
        Map<String, String> env = resolvedEnv(container("forecast-service"));
        String forecastGroup = env.get("LEDGER_KAFKA_CONSUMER_GROUP");
        String queryPrefix = resolvedEnv(container("query-service")).get("LEDGER_KAFKA_CONSUMER_GROUP");
        assertThat(forecastGroup == null ? "forecast-service" : forecastGroup).as("forecast group apart from query's")
                .doesNotStartWith(queryPrefix == null ? "query-service" : queryPrefix);
        if (forecastReplicas > 1) {
            assertThat(forecastGroup).as("each forecast replica its own group").contains("$(POD_NAME)");
            assertThat(envNames(container("forecast-service"))).contains("POD_NAME");
        } else {
            assertThat(at(forecast, "spec", "strategy", "type")).as("a single forecast replica is replaced, "
                    + "never joined by its successor in the same group").isEqualTo("Recreate");
        }
        assertThat(at(workload("command-service"), "spec", "replicas")).as("one event store writer").isEqualTo(1);
        assertThat(composeEnv("query-service").get("LEDGER_KAFKA_CONSUMER_GROUP"))
                .isNotEqualTo(composeEnv("forecast-service").get("LEDGER_KAFKA_CONSUMER_GROUP"));
    }

    // ---------------------------------------------------------------------------------------------- secrets

    /** kubectl apply -f deploy/k8s/ must never overwrite the operator's Secrets with placeholders. */
    @Test
    void theAppliedSetHoldsNoSecret() throws IOException {
        assertThat(k8s.keySet()).as("no Secret in deploy/k8s").noneMatch(id -> id.startsWith("Secret/"));
        try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as("%s holds no placeholder", file)
                        .doesNotContain("REPLACE").doesNotContain("kind: Secret");
            }
        }
        assertThat(examples.keySet()).as("nor in the examples").noneMatch(id -> id.startsWith("Secret/"));
        Set<String> referenced = new java.util.TreeSet<>();
        for (String service : SERVICES) {
            for (Object e : asList(container(service).get("env"), service + " env")) {
                Object ref = at(e, "valueFrom", "secretKeyRef", "name");
                if (ref != null) {
                    referenced.add(str(ref));
                }
            }
            for (Object v : asList(at(workload(service), "spec", "template", "spec", "volumes"),
                    service + " volumes")) {
                Object ref = at(v, "secret", "secretName");
                if (ref != null) {
                    referenced.add(str(ref));
                }
            }
        }
        assertThat(documentedSecrets.keySet()).as("deploy/README.md says how to create every Secret the manifests "
                + "use, and no other").isEqualTo(referenced);
    }

    // ---------------------------------------------------------------------------------------------- ingress

    /**
     * The example Ingress sends every path a controller serves to the service whose module holds that controller
     * (longest prefix wins, as Prefix paths do), and every path it routes is served by its backend; the backends are
     * the manifests' Services on their ports.
     */
    @Test
    void theIngressRoutesEachControllersPathsToItsService() throws IOException {
        Map<String, Object> ingress = examples.get("Ingress/pipeline-ledger");
        assertThat(ingress).as("deploy/k8s/examples has the Ingress pipeline-ledger").isNotNull();
        Map<String, String> routes = new TreeMap<>();
        for (Object rule : asList(at(ingress, "spec", "rules"), "rules")) {
            for (Object p : asList(at(rule, "http", "paths"), "paths")) {
                String path = str(at(p, "path"));
                assertThat(str(at(p, "pathType"))).as("%s pathType", path).isEqualTo("Prefix");
                String backend = str(at(p, "backend", "service", "name"));
                Object port = at(p, "backend", "service", "port", "number");
                assertThat(SERVICES).as("%s goes to a service", path).contains(backend);
                assertThat(port).as("%s goes to %s's port", path, backend).isEqualTo(ports.get(backend));
                Map<String, Object> servicePort = asMap(asList(at(k8s("Service", backend), "spec", "ports"),
                        backend + " ports").get(0), backend + " port");
                assertThat(servicePort.get("port")).as("%s Service port", backend).isEqualTo(port);
                assertThat(routes.put(path, backend)).as("%s routed twice", path).isNull();
            }
        }
        Map<String, Set<String>> served = new LinkedHashMap<>();
        for (String service : SERVICES) {
            served.put(service, controllerPaths(REPO.resolve(service)));
        }
        Set<String> everywhere = controllerPaths(REPO.resolve("shared-events"));
        assertThat(served.get("query-service")).as("controller paths are found").contains("/api/v1/conversion");
        served.forEach((service, paths) -> {
            for (String path : paths) {
                assertThat(route(routes, path)).as("%s (served by %s) is routed to it", path, service)
                        .isEqualTo(service);
            }
        });
        for (String path : everywhere) { // served by every service (shared-events)
            assertThat(route(routes, path)).as("%s is routed", path).isNotNull();
        }
        routes.forEach((prefix, service) -> {
            Set<String> underIt = new LinkedHashSet<>();
            for (String path : served.get(service)) {
                if (route(routes, path) != null && route(routes, path).equals(service) && covers(prefix, path)) {
                    underIt.add(path);
                }
            }
            everywhere.stream().filter(path -> covers(prefix, path)).forEach(underIt::add);
            if (service.equals(CONTRACT_PATHS.get(prefix))) {
                return; // the currency contract's endpoint, whose controller comes with its own change
            }
            assertThat(underIt).as("%s routes %s, which serves a path under it", prefix, service).isNotEmpty();
        });
        // deploy/README.md's table says which service serves each path the Ingress routes
        String readme = Files.readString(DEPLOY.resolve("README.md"));
        routes.forEach((prefix, service) -> assertThat(readme).as("deploy/README.md's paths table: %s", prefix)
                .containsPattern("(?m)^\\|\\s*" + Pattern.quote(service) + "\\b.*`" + Pattern.quote(prefix) + "[`/]"));
    }

    // ---------------------------------------------------------------------------------------------- infrastructure

    @Test
    void composeStartsEachServiceAfterHealthyDependencies() {
        Map<String, Object> services = asMap(compose.get("services"), "services");
        assertThat(str(at(services, "kafka", "image"))).isEqualTo("apache/kafka:3.9.2");
        Map<String, String> kafka = envOf(asMap(services.get("kafka"), "kafka"), "kafka");
        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).as("KRaft, one node").isEqualTo("broker,controller");
        assertThat(kafka.get("KAFKA_LOG_RETENTION_MS")).as("the topic is replayed: kept forever").isEqualTo("-1");
        assertThat(kafka.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).as("only the command service creates the topic")
                .isEqualTo("false");
        assertThat(str(at(services, "postgres", "image"))).isEqualTo("postgres:17");
        assertThat(asList(at(services, "postgres", "volumes"), "postgres volumes")).map(String::valueOf)
                .anyMatch(v -> v.matches("\\./postgres/init\\.sql:/docker-entrypoint-initdb\\.d/[^:]+\\.sql(:ro)?"));

        for (String service : SERVICES) {
            Map<String, Object> dependsOn = asMap(composeService(service).get("depends_on"), service + " depends_on");
            List<String> expected = new ArrayList<>(List.of("postgres", "kafka"));
            if (!service.equals("command-service")) {
                expected.add("command-service");
            }
            assertThat(dependsOn).as("%s starts after", service).containsOnlyKeys(expected);
            dependsOn.forEach((dependency, condition) -> {
                assertThat(at(asMap(condition, dependency), "condition")).as("%s waits for %s", service, dependency)
                        .isEqualTo("service_healthy");
                assertThat(asMap(services.get(dependency), dependency)).as("%s has a healthcheck", dependency)
                        .containsKey("healthcheck");
            });
            String bootstrap = composeEnv(service).get("LEDGER_KAFKA_BOOTSTRAP_SERVERS");
            assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).as("%s reaches the advertised listener", service)
                    .contains("://" + bootstrap);
        }
    }

    @Test
    void eachServiceOnItsOwnDatabaseWithTheCredentialsTheInitScriptCreates() {
        for (String service : SERVICES) {
            String database = DATABASES.get(service);
            Map<String, String> env = composeEnv(service);
            Matcher url = JDBC_POSTGRES.matcher(env.get("SPRING_DATASOURCE_URL"));
            assertThat(url.matches()).as("%s compose datasource url", service).isTrue();
            assertThat(url.group(1)).as("%s database host is the compose service", service).isEqualTo("postgres");
            assertThat(url.group(3)).as("%s compose database", service).isEqualTo(database);
            String user = env.get("SPRING_DATASOURCE_USERNAME");
            assertThat(initSql).as("%s database created, owned by %s", service, user)
                    .containsPattern("(?i)CREATE DATABASE " + database + " OWNER " + Pattern.quote(user) + ";");
            assertThat(initSql).as("%s role and password", service).containsPattern("(?i)CREATE ROLE "
                    + Pattern.quote(user) + " LOGIN PASSWORD '" + Pattern.quote(env.get("SPRING_DATASOURCE_PASSWORD"))
                    + "';");

            Matcher kubeUrl = JDBC_POSTGRES.matcher(resolvedEnv(container(service)).get("SPRING_DATASOURCE_URL"));
            assertThat(kubeUrl.matches()).as("%s k8s datasource url", service).isTrue();
            assertThat(kubeUrl.group(1) + ":" + kubeUrl.group(2)).as("%s k8s database", service)
                    .isEqualTo("postgres:5432");
            assertThat(kubeUrl.group(3)).as("%s k8s database", service).isEqualTo(database);
        }
        assertThat(resolvedEnv(container("command-service")).get("LEDGER_KAFKA_BOOTSTRAP_SERVERS"))
                .isEqualTo("kafka:9092");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static void loadManifests(Path directory, Map<String, Map<String, Object>> into) throws IOException {
        try (Stream<Path> files = Files.list(directory)) { // not recursive, as kubectl apply -f <dir>
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().toList()) {
                for (Object document : loadAll(file)) {
                    if (document == null) {
                        continue;
                    }
                    Map<String, Object> doc = asMap(document, file.toString());
                    assertThat(doc).as("%s: a Kubernetes object", file).containsKeys("apiVersion", "kind", "metadata");
                    String id = doc.get("kind") + "/" + str(at(doc, "metadata", "name"));
                    assertThat(into.put(id, doc)).as("%s defined twice (again in %s)", id, file).isNull();
                }
            }
        }
    }

    /** The keys of each {@code kubectl create secret generic NAME --from-literal=K=..|--from-file=K=..} command. */
    static Map<String, Set<String>> createSecretCommands(String text) {
        Map<String, Set<String>> secrets = new TreeMap<>();
        String joined = text.replaceAll("\\\\\\s*\\n\\s*", " ");
        Matcher command = Pattern.compile("kubectl create secret generic ([a-z0-9-]+)((?: +--[a-z-]+=\\S+)+)")
                .matcher(joined);
        while (command.find()) {
            Set<String> keys = secrets.computeIfAbsent(command.group(1), name -> new LinkedHashSet<>());
            Matcher key = Pattern.compile("--from-(?:literal|file)=([A-Za-z0-9._-]+)=").matcher(command.group(2));
            while (key.find()) {
                keys.add(key.group(1));
            }
        }
        return secrets;
    }

    static Set<String> documentedSecret(String name) {
        Set<String> keys = documentedSecrets.get(name);
        assertThat(keys).as("deploy/README.md: kubectl create secret generic %s (found %s)", name,
                documentedSecrets.keySet()).isNotNull();
        return keys;
    }

    /** The currentSchema of a JDBC URL ("public" when none is named). */
    static String schema(String url) {
        Matcher m = Pattern.compile("[?&]currentSchema=([^&]+)").matcher(url);
        return m.find() ? m.group(1) : "public";
    }

    /** The absolute paths of a module's controllers' mappings (a class-level path stands for those under it). */
    static Set<String> controllerPaths(Path module) throws IOException {
        Set<String> paths = new java.util.TreeSet<>();
        Pattern mapping = Pattern.compile("@(?:Request|Get|Post|Put|Delete|Patch)Mapping\\("
                + "\\s*(?:(?:path|value)\\s*=\\s*)?\\{?\\s*\"(/[^\"]*)\"");
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith("Controller.java")).toList()) {
                Matcher m = mapping.matcher(Files.readString(file));
                while (m.find()) {
                    if (m.group(1).startsWith("/api/")) {
                        paths.add(m.group(1));
                    }
                }
            }
        }
        return paths;
    }

    /** The service the longest matching Prefix path sends a request path to (path segments compared whole). */
    static String route(Map<String, String> routes, String path) {
        String best = null;
        for (String prefix : routes.keySet()) {
            if (covers(prefix, path) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : routes.get(best);
    }

    static boolean covers(String prefix, String path) {
        return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }

    static List<Object> loadAll(Path file) throws IOException {
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        List<Object> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            yaml.loadAll(reader).forEach(documents::add);
        }
        assertThat(documents).as("%s has YAML documents", file).isNotEmpty();
        return documents;
    }

    static String projectVersion() throws IOException {
        String pom = Files.readString(REPO.resolve("pom.xml"));
        Matcher m = Pattern.compile("<artifactId>pipeline-ledger</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertThat(m.find()).as("the root pom's version").isTrue();
        return m.group(1);
    }

    static void flatten(String prefix, Object node, Map<String, String> into) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), into);
            }
        } else {
            into.put(prefix, String.valueOf(node));
        }
    }

    /** Spring's relaxed form, as far as an environment variable can express it: no separators, upper case. */
    static String canonical(String name) {
        return name.replaceAll("[._\\-\\[\\]]", "").toUpperCase(Locale.ROOT);
    }

    /** The value a service's yml files give a key, without a ${VAR:...} wrapper; null if none names it. */
    static String ymlDefault(String service, String key) {
        String value = ymlProperties.get(service).get(key);
        if (value == null) {
            return null;
        }
        Matcher placeholder = Pattern.compile("\\$\\{[^:}]+:([^}]*)}").matcher(value);
        return placeholder.matches() ? placeholder.group(1) : value;
    }

    static Map<String, Object> composeService(String service) {
        return asMap(at(compose, "services", service), "compose service " + service);
    }

    static Map<String, String> composeEnv(String service) {
        return envOf(composeService(service), service);
    }

    static Map<String, String> envOf(Map<String, Object> composeService, String name) {
        Object environment = composeService.get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String[] kv = String.valueOf(entry).split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        } else {
            fail("%s has no environment", name);
        }
        return env;
    }

    static Map<String, Object> k8s(String kind, String name) {
        Map<String, Object> doc = k8s.get(kind + "/" + name);
        assertThat(doc).as("%s %s in deploy/k8s (found %s)", kind, name, k8s.keySet()).isNotNull();
        return doc;
    }

    static Map<String, Object> workload(String service) {
        Map<String, Object> deployment = k8s.get("Deployment/" + service);
        return deployment != null ? deployment : k8s("StatefulSet", service);
    }

    static List<Object> containers(String service) {
        return asList(at(workload(service), "spec", "template", "spec", "containers"), service + " containers");
    }

    static Map<String, Object> container(String service) {
        return asMap(containers(service).get(0), service + " container");
    }

    static Set<String> envNames(Map<String, Object> container) {
        Set<String> names = new LinkedHashSet<>();
        for (Object e : asList(container.get("env"), "env")) {
            String name = str(asMap(e, "env entry").get("name"));
            assertThat(names.add(name)).as("%s set twice", name).isTrue();
        }
        assertThat(container).as("variables named one by one").doesNotContainKey("envFrom");
        return names;
    }

    static Map<String, Object> envEntry(Map<String, Object> container, String name) {
        for (Object e : asList(container.get("env"), "env")) {
            Map<String, Object> entry = asMap(e, "env entry");
            if (name.equals(entry.get("name"))) {
                return entry;
            }
        }
        return fail("no %s in %s", name, container.get("name"));
    }

    static Map<String, String> literalEnv(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : asList(container.get("env"), "env")) {
            Map<String, Object> entry = asMap(e, "env entry");
            if (entry.containsKey("value")) {
                env.put(str(entry.get("name")), str(entry.get("value")));
            }
        }
        return env;
    }

    /**
     * Literal values and ConfigMap references resolved, in order, and $(VAR) references to earlier variables
     * expanded as Kubernetes does (Secrets and fieldRefs left out: their references stay as written).
     */
    static Map<String, String> resolvedEnv(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Object e : asList(container.get("env"), "env")) {
            Map<String, Object> entry = asMap(e, "env entry");
            Object ref = at(entry, "valueFrom", "configMapKeyRef");
            if (ref != null) {
                Map<String, Object> r = asMap(ref, "configMapKeyRef");
                Map<String, Object> data = asMap(k8s("ConfigMap", str(r.get("name"))).get("data"), "data");
                env.put(str(entry.get("name")), str(data.get(str(r.get("key")))));
            } else if (entry.containsKey("value")) {
                Matcher variable = Pattern.compile("\\$\\(([A-Za-z0-9_]+)\\)").matcher(str(entry.get("value")));
                StringBuilder value = new StringBuilder();
                while (variable.find()) {
                    String known = env.get(variable.group(1));
                    variable.appendReplacement(value, Matcher.quoteReplacement(known != null ? known
                            : variable.group()));
                }
                variable.appendTail(value);
                env.put(str(entry.get("name")), value.toString());
            }
        }
        return env;
    }

    /** A probe's or Service's port: a number, or the name of one of the container's ports. */
    static Object resolvePort(Map<String, Object> container, Object port) {
        if (port instanceof Integer) {
            return port;
        }
        for (Object p : asList(container.get("ports"), "ports")) {
            Map<String, Object> named = asMap(p, "port");
            if (String.valueOf(port).equals(named.get("name"))) {
                return named.get("containerPort");
            }
        }
        return fail("no container port named %s", port);
    }

    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object node, String what) {
        assertThat(node).as("%s is a mapping", what).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object node, String what) {
        assertThat(node).as("%s is a list", what).isInstanceOf(List.class);
        return (List<Object>) node;
    }

    static String str(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** The root pom's own version (the first {@code <version>} after its parent block), without -SNAPSHOT. */
    private static String releaseVersion() {
        try {
            String pom = java.nio.file.Files.readString(REPO.resolve("pom.xml"));
            String afterParent = pom.substring(pom.indexOf("</parent>"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("<version>([^<]+)</version>")
                    .matcher(afterParent);
            if (!m.find()) {
                throw new IllegalStateException("no <version> in the root pom");
            }
            return m.group(1).trim().replaceFirst("-SNAPSHOT$", "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
