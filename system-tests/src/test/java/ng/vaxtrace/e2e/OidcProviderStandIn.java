package ng.vaxtrace.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import ng.vaxtrace.testing.TestIssuer;

/**
 * A small OpenID Connect provider standing in for the Keycloak realm (no container engine here), strict where the
 * status page's sign-in could go wrong: a registered public client and redirect URI, PKCE S256 required and checked
 * at the token endpoint, single-use codes, rotating refresh tokens, RP-initiated logout. Its sign-in page is a form
 * with the user's name, submitted in the browser like Keycloak's. Access tokens come from this JVM's development
 * issuer, so the services under test accept them; ID tokens name this provider as their issuer.
 */
final class OidcProviderStandIn implements AutoCloseable {

    /** A person the provider knows: their role and area become the access token's claims. */
    record User(String name, String role, String area) {
    }

    private record Grant(String clientId, String redirectUri, String challenge, String nonce, User user) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final String clientId;
    private final Duration accessTokenLifetime;
    private final Map<String, User> users;
    private final Set<String> redirectUris = ConcurrentHashMap.newKeySet();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, User> refreshTokens = new ConcurrentHashMap<>();
    /** What happened, in order: "authorize", "code-exchange", "refresh", "logout user", "refused: reason". */
    final List<String> log = new CopyOnWriteArrayList<>();

    OidcProviderStandIn(String clientId, Duration accessTokenLifetime, List<User> users) throws IOException {
        this.clientId = clientId;
        this.accessTokenLifetime = accessTokenLifetime;
        this.users = users.stream().collect(Collectors.toMap(User::name, u -> u));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/logout", this::logout);
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void registerRedirectUri(URI uri) {
        redirectUris.add(uri.toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer());
        document.put("authorization_endpoint", issuer() + "/authorize");
        document.put("token_endpoint", issuer() + "/token");
        document.put("end_session_endpoint", issuer() + "/logout");
        document.put("response_types_supported", List.of("code"));
        document.put("grant_types_supported", List.of("authorization_code", "refresh_token"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        json(exchange, 200, document);
    }

    /** GET: the sign-in form for a valid request; POST: the person signed in, back to the page with a code. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> p = "POST".equals(exchange.getRequestMethod()) ? form(exchange) : query(exchange);
        String problem = !"code".equals(p.get("response_type")) ? "response_type must be code"
                : !clientId.equals(p.get("client_id")) ? "unknown client " + p.get("client_id")
                : !redirectUris.contains(p.get("redirect_uri")) ? "unregistered redirect_uri " + p.get("redirect_uri")
                : !"S256".equals(p.get("code_challenge_method")) || p.getOrDefault("code_challenge", "").length() < 43
                        ? "PKCE with S256 is required" : null;
        if (problem != null) { // never redirect an invalid request: show the error, as Keycloak does
            log.add("refused: " + problem);
            text(exchange, 400, "text/plain", problem);
            return;
        }
        if ("GET".equals(exchange.getRequestMethod())) {
            log.add("authorize");
            StringBuilder page = new StringBuilder("<!doctype html><html lang=\"en\"><title>Sign in to VaxTrace</title>"
                    + "<form method=\"post\" action=\"/authorize\"><label>Username <input name=\"username\" id=\"username\"></label>");
            p.forEach((k, v) -> page.append("<input type=\"hidden\" name=\"").append(html(k)).append("\" value=\"")
                    .append(html(v)).append("\">"));
            text(exchange, 200, "text/html", page.append("<button id=\"kc-login\">Sign in</button></form></html>").toString());
            return;
        }
        User user = users.get(p.get("username"));
        if (user == null) {
            text(exchange, 401, "text/plain", "unknown user");
            return;
        }
        String code = random();
        codes.put(code, new Grant(p.get("client_id"), p.get("redirect_uri"), p.get("code_challenge"), p.get("nonce"), user));
        redirect(exchange, p.get("redirect_uri") + "?code=" + code + "&state=" + encode(p.getOrDefault("state", "")));
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> p = form(exchange);
        if ("authorization_code".equals(p.get("grant_type"))) {
            Grant grant = codes.remove(p.getOrDefault("code", "")); // single use
            String problem = grant == null ? "unknown or used code"
                    : !grant.clientId().equals(p.get("client_id")) ? "code issued to another client"
                    : !grant.redirectUri().equals(p.get("redirect_uri")) ? "redirect_uri differs from the authorization request"
                    : !grant.challenge().equals(s256(p.getOrDefault("code_verifier", ""))) ? "code_verifier does not match the challenge"
                    : null;
            if (problem != null) {
                log.add("refused: " + problem);
                json(exchange, 400, Map.of("error", "invalid_grant", "error_description", problem));
                return;
            }
            log.add("code-exchange " + grant.user().name());
            Map<String, Object> tokens = tokens(grant.user());
            Instant now = Instant.now();
            Map<String, Object> id = new LinkedHashMap<>();
            id.put("iss", issuer());
            id.put("aud", clientId);
            id.put("sub", grant.user().name());
            id.put("nonce", grant.nonce());
            id.put("iat", now.getEpochSecond());
            id.put("exp", now.plus(Duration.ofHours(1)).getEpochSecond());
            tokens.put("id_token", TestIssuer.shared().sign(id));
            json(exchange, 200, tokens);
        } else if ("refresh_token".equals(p.get("grant_type")) && clientId.equals(p.get("client_id"))) {
            User user = refreshTokens.remove(p.getOrDefault("refresh_token", "")); // rotated: the old one is spent
            if (user == null) {
                log.add("refused: unknown refresh token");
                json(exchange, 400, Map.of("error", "invalid_grant", "error_description", "unknown refresh token"));
                return;
            }
            log.add("refresh " + user.name());
            json(exchange, 200, tokens(user));
        } else {
            json(exchange, 400, Map.of("error", "unsupported_grant_type"));
        }
    }

    private void logout(HttpExchange exchange) throws IOException {
        Map<String, String> p = query(exchange);
        String target = p.get("post_logout_redirect_uri");
        if (target == null || !redirectUris.contains(target) || !clientId.equals(p.get("client_id"))) {
            log.add("refused: logout to " + target);
            text(exchange, 400, "text/plain", "unregistered post_logout_redirect_uri");
            return;
        }
        String subject = p.containsKey("id_token_hint") ? claim(p.get("id_token_hint"), "sub") : "?";
        log.add("logout " + subject);
        redirect(exchange, target);
    }

    private Map<String, Object> tokens(User user) {
        String refresh = random();
        refreshTokens.put(refresh, user);
        Map<String, Object> tokens = new HashMap<>();
        tokens.put("access_token", TestIssuer.shared().token(user.name(), user.role(), user.area(), accessTokenLifetime));
        tokens.put("token_type", "Bearer");
        tokens.put("expires_in", accessTokenLifetime.toSeconds());
        tokens.put("refresh_token", refresh);
        return tokens;
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String claim(String jwt, String name) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).path(name).asText();
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> query(HttpExchange exchange) {
        return parse(exchange.getRequestURI().getRawQuery());
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        return parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded != null && !encoded.isEmpty()) {
            for (String pair : encoded.split("&")) {
                int eq = pair.indexOf('=');
                values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String html(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        // The page calls discovery and the token endpoint from its own origin (CORS), as it calls Keycloak's.
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
        text(exchange, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void text(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
