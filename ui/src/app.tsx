import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, ApiError, credentials, onUnauthorized, setCredentials, type Me } from "./api.js";
import { MeContext } from "./me.js";
import { linkClick, useLocation } from "./nav.js";
import { SubjectsPage } from "./pages/subjects-page.js";
import { BASE } from "./routes.js";

// Pages with editors (CodeMirror) or YAML load on first use: the subjects list, the first page most people
// open, does not wait for them.
const loadSubjectPage = () => import("./pages/subject-page.js");
const loadDiffPage = () => import("./pages/diff-page.js");
const loadTryPage = () => import("./pages/try-page.js");
const loadAsyncApiPage = () => import("./pages/asyncapi-page.js");

/** Renders `render(module)` once `load` has resolved (a code-split page), "Loading…" until then. */
function Lazy<M>({ load, render }: { load: () => Promise<M>; render: (module: M) => JSX.Element }) {
  const [module, setModule] = useState<M | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    load().then(
      (m) => live && setModule(() => m),
      (e: unknown) => live && setError(`This page could not be loaded (${e instanceof Error ? e.message : String(e)}): reload to try again.`),
    );
    return () => {
      live = false;
    };
  }, [load]);
  if (error !== null)
    return (
      <p role="alert" class="error">
        {error}
      </p>
    );
  return module === null ? <p class="muted">Loading…</p> : render(module);
}


type Session = { kind: "checking" } | { kind: "login"; error?: string } | { kind: "in"; me: Me } | { kind: "down"; error: string };

const THEME_KEY = "charter.theme";

function useTheme(): [string, () => void] {
  const initial = (() => {
    try {
      return localStorage.getItem(THEME_KEY) ?? (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
    } catch {
      return "light";
    }
  })();
  const [theme, setTheme] = useState(initial);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  return [
    theme,
    () => {
      const next = theme === "dark" ? "light" : "dark";
      try {
        localStorage.setItem(THEME_KEY, next);
      } catch {
        // Private mode: the choice lasts for this page only.
      }
      // Set now, not only in the effect: the page repaints in the click's own task, without a frame in the old theme.
      document.documentElement.dataset.theme = next;
      setTheme(next);
    },
  ];
}

/** The application: session (login when the registry wants credentials), header, and the page of the URL. */
export function App() {
  const [session, setSession] = useState<Session>({ kind: "checking" });
  const [theme, toggleTheme] = useTheme();
  const { route, query } = useLocation();

  const check = () =>
    api.me().then(
      (me) => setSession({ kind: "in", me }),
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 401) setSession({ kind: "login", ...(credentials() !== null ? { error: "Wrong user name or password." } : {}) });
        else if (e instanceof ApiError && e.status === 429) setSession({ kind: "login", error: e.message });
        else setSession({ kind: "down", error: e instanceof Error ? e.message : String(e) });
      },
    );
  useEffect(() => {
    void check();
    return onUnauthorized(() => setSession({ kind: "login", error: "Your session has ended: sign in again." }));
  }, []);

  const me = session.kind === "in" ? session.me : null;
  return (
    <MeContext.Provider value={me}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top" onClick={linkClick}>
        <a class="brand" href={BASE}>
          Charter
        </a>
        <nav aria-label="Main">
          <a href={BASE} aria-current={route.kind === "subjects" ? "page" : undefined}>
            Subjects
          </a>
        </nav>
        <span class="spacer" />
        {me !== null && me.auth && (
          <span class="who" data-testid="who">
            {me.user} · <span class="role">{me.role}</span>
            {me.subjectPrefix !== null && <> · {me.subjectPrefix}…</>}{" "}
            <button
              type="button"
              class="link"
              onClick={() => {
                setCredentials(null);
                setSession({ kind: "login" });
              }}
            >
              Sign out
            </button>
          </span>
        )}
        <button type="button" class="ghost" onClick={toggleTheme} aria-label={`Switch to ${theme === "dark" ? "light" : "dark"} theme`}>
          {theme === "dark" ? "☀ Light" : "☾ Dark"}
        </button>
      </header>
      <main id="main" tabIndex={-1} onClick={linkClick}>
        {session.kind === "checking" && <p class="muted">Connecting to the registry…</p>}
        {session.kind === "down" && (
          <p role="alert" class="error">
            {session.error}
          </p>
        )}
        {session.kind === "login" && (
          <LoginForm
            {...(session.error !== undefined ? { error: session.error } : {})}
            onSubmit={(user, password) => {
              setCredentials(user, password);
              setSession({ kind: "checking" });
              void check();
            }}
          />
        )}
        {session.kind === "in" && <Page route={route} query={query} />}
      </main>
    </MeContext.Provider>
  );
}

function Page({ route, query }: ReturnType<typeof useLocation>) {
  switch (route.kind) {
    case "subjects":
      return <SubjectsPage query={query} />;
    case "subject":
      return <Lazy load={loadSubjectPage} render={(m) => <m.SubjectPage subject={route.subject} {...(route.version !== undefined ? { version: route.version } : {})} />} />;
    case "diff":
      return <Lazy load={loadDiffPage} render={(m) => <m.DiffPage subject={route.subject} version={route.version} against={route.against} />} />;
    case "try":
      return <Lazy load={loadTryPage} render={(m) => <m.TryPage subject={route.subject} />} />;
    case "asyncapi":
      return <Lazy load={loadAsyncApiPage} render={(m) => <m.AsyncApiPage subject={route.subject} {...(route.version !== undefined ? { version: route.version } : {})} />} />;
    case "not-found":
      return (
        <section>
          <h1>Page not found</h1>
          <p>
            Nothing lives at <code>{route.path}</code>. <a href={BASE}>Back to the subjects</a>.
          </p>
        </section>
      );
  }
}

/** The sign-in form: the registry's own users (HTTP Basic, `charter users add`), kept for this tab only. */
function LoginForm({ error, onSubmit }: { error?: string; onSubmit: (user: string, password: string) => void }) {
  const [user, setUser] = useState("");
  const [password, setPassword] = useState("");
  return (
    <form
      class="login card"
      aria-labelledby="login-title"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(user, password);
      }}
    >
      <h1 id="login-title">Sign in to the registry</h1>
      <p class="muted">This registry has authentication on. Use your registry user name and its secret.</p>
      {error !== undefined && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <label>
        User name
        <input name="user" autoComplete="username" required value={user} onInput={(e) => setUser(e.currentTarget.value)} />
      </label>
      <label>
        Secret
        <input name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </label>
      <button type="submit" class="primary">
        Sign in
      </button>
    </form>
  );
}
