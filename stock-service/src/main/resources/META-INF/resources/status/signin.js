"use strict";
// Sign-in for the status page: OpenID Connect authorization code flow with PKCE (RFC 7636, S256) as a public client
// (a browser keeps no secret), against the issuer named by /api/v1/status-page/config — the same provider whose
// tokens every service verifies. Tokens are kept for this tab only (sessionStorage) and refreshed before they expire;
// sign-out ends the provider's session too. The #token= fragment (or a pasted token) is the local run's development
// path, accepted only where the config says devTokens (never under the prod profile). docs/security.md#the-status-page

class SignInNeeded extends Error {}

const Auth = (() => {
  const SESSION = "vaxtrace.session";   // {accessToken, refreshToken, idToken, expiresAt (ms), via: "oidc" | "dev"}
  const PENDING = "vaxtrace.sign-in";   // this tab's sign-in in progress: {state, nonce, verifier, returnTo}
  let settings = null;                  // {signIn: {issuer, clientId, scope} | null, devTokens}
  let provider = null;                  // the issuer's discovery document
  let refreshing = null;
  let timer = null;

  const base64url = bytes => btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const random = size => base64url(crypto.getRandomValues(new Uint8Array(size)));
  const redirectUri = () => location.origin + location.pathname;

  function claimsOf(jwt) {
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(
      atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")), c => c.charCodeAt(0))));
  }

  function read() {
    try { return JSON.parse(sessionStorage.getItem(SESSION)); } catch (e) { return null; }
  }

  function store(session) {
    sessionStorage.setItem(SESSION, JSON.stringify(session));
    schedule(session);
  }

  function forget() {
    clearTimeout(timer);
    sessionStorage.removeItem(SESSION);
  }

  async function discover() {
    if (!provider) {
      const response = await fetch(`${settings.signIn.issuer}/.well-known/openid-configuration`);
      if (!response.ok) throw new SignInNeeded(`The sign-in provider answered ${response.status}.`);
      provider = await response.json();
    }
    return provider;
  }

  async function tokenRequest(form) {
    const endpoint = (await discover()).token_endpoint;
    const response = await fetch(endpoint, { method: "POST", body: new URLSearchParams(form),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new SignInNeeded(`Sign-in was refused: ${body.error_description || body.error || response.status}.`);
    return body;
  }

  function fromTokens(body, previous) {
    const claims = claimsOf(body.access_token);
    const lifetime = body.expires_in ? body.expires_in * 1000 : (claims.exp ? claims.exp * 1000 - Date.now() : 300_000);
    return { accessToken: body.access_token, refreshToken: body.refresh_token || (previous && previous.refreshToken),
      idToken: body.id_token || (previous && previous.idToken), expiresAt: Date.now() + lifetime, via: "oidc" };
  }

  /** Refreshes when three quarters of the token's life is gone, so API calls and the WebSocket never carry a dead one. */
  function schedule(session) {
    clearTimeout(timer);
    if (!session || !session.refreshToken) return;
    const left = session.expiresAt - Date.now();
    timer = setTimeout(() => refresh().catch(() => {}), Math.max(1000, left * 0.75));
  }

  /** The code and state the provider sent back: checked against this tab's pending sign-in, then exchanged. */
  async function complete(query) {
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || "null");
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, "", pending ? pending.returnTo : location.pathname);
    if (query.get("error")) throw new SignInNeeded(`Sign-in did not succeed: ${query.get("error_description") || query.get("error")}.`);
    if (!pending || query.get("state") !== pending.state) {
      throw new SignInNeeded("That sign-in answer was not started from this tab; sign in again.");
    }
    const body = await tokenRequest({ grant_type: "authorization_code", code: query.get("code"),
      redirect_uri: redirectUri(), client_id: settings.signIn.clientId, code_verifier: pending.verifier });
    if (body.id_token) {
      const id = claimsOf(body.id_token);
      const audience = [].concat(id.aud || []);
      if (id.nonce !== pending.nonce || id.iss !== provider.issuer || !audience.includes(settings.signIn.clientId)) {
        throw new SignInNeeded("The sign-in answer's ID token is not for this page; sign in again.");
      }
    }
    store(fromTokens(body, null));
  }

  return {
    /** Reads the page's sign-in settings, finishes a sign-in that is coming back, and returns the session or null. */
    async init(pageSettings) {
      settings = pageSettings;
      const query = new URLSearchParams(location.search);
      if (settings.signIn && (query.has("code") || query.has("error")) && query.has("state")) await complete(query);
      const fragment = new URLSearchParams(location.hash.slice(1));
      if (fragment.get("token")) {
        history.replaceState(null, "", location.pathname + location.search);
        if (settings.devTokens) store({ accessToken: fragment.get("token"), via: "dev" });
      }
      let session = read();
      if (!session) return null;
      let expiresAt = session.expiresAt;
      try { expiresAt = expiresAt || claimsOf(session.accessToken).exp * 1000; } catch (e) { forget(); return null; }
      const expired = expiresAt < Date.now();
      if (expired) {
        if (!session.refreshToken) { forget(); return null; }
        try { await refresh(); } catch (e) { return null; }
        session = read();
      }
      schedule(session);
      return this.describe();
    },

    /** Who is signed in, from the access token's claims (they only shape the page; every service checks the token). */
    describe() {
      const session = read();
      if (!session) return null;
      try {
        const claims = claimsOf(session.accessToken);
        const area = claims.vaxtrace_area || "NG";
        const groups = claims.groups || (claims.realm_access && claims.realm_access.roles) || [];
        return { user: claims.preferred_username || claims.sub, role: groups.join(", "), area,
          facility: groups.includes("facility-officer") ? area : null, via: session.via };
      } catch (e) {
        forget();
        return null;
      }
    },

    token() {
      const session = read();
      return session ? session.accessToken : null;
    },

    canSignIn: () => Boolean(settings && settings.signIn),
    acceptsDevTokens: () => Boolean(settings && settings.devTokens),
    canRefresh: () => Boolean((read() || {}).refreshToken),

    /** Sends the browser to the provider's sign-in, remembering what the page was showing. */
    async begin() {
      const endpoint = (await discover()).authorization_endpoint;
      const pending = { state: random(16), nonce: random(16), verifier: random(32),
        returnTo: location.pathname + location.search };
      sessionStorage.setItem(PENDING, JSON.stringify(pending));
      const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(pending.verifier)));
      location.assign(`${endpoint}?${new URLSearchParams({ response_type: "code", client_id: settings.signIn.clientId,
        redirect_uri: redirectUri(), scope: settings.signIn.scope, state: pending.state, nonce: pending.nonce,
        code_challenge: challenge, code_challenge_method: "S256" })}`);
    },

    /** A development token typed into the page (only where devTokens is on). */
    useDevToken(token) {
      if (settings.devTokens) store({ accessToken: token.trim(), via: "dev" });
    },

    refresh,

    /** Forgets the tokens here and, for a provider session, ends it at the provider (which sends the browser back). */
    async signOut() {
      const session = read();
      forget();
      if (session && session.via === "oidc" && settings.signIn) {
        const endpoint = (await discover()).end_session_endpoint;
        if (endpoint) {
          location.assign(`${endpoint}?${new URLSearchParams({ client_id: settings.signIn.clientId,
            post_logout_redirect_uri: redirectUri(), ...(session.idToken ? { id_token_hint: session.idToken } : {}) })}`);
          return;
        }
      }
      location.assign(redirectUri());
    },
  };

  /** One refresh at a time: concurrent 401s and the timer share it. A refused refresh ends the session. */
  function refresh() {
    if (!refreshing) {
      const session = read();
      refreshing = (async () => {
        if (!session || !session.refreshToken) throw new SignInNeeded("Your sign-in has expired.");
        try {
          store(fromTokens(await tokenRequest({ grant_type: "refresh_token", refresh_token: session.refreshToken,
            client_id: settings.signIn.clientId }), session));
        } catch (e) {
          forget();
          throw e instanceof SignInNeeded ? e : new SignInNeeded("Your sign-in has expired.");
        }
      })().finally(() => { refreshing = null; });
    }
    return refreshing;
  }
})();
