import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Me } from "./api.js";

/** Who is signed in (`GET /v1/auth/me`); pages hide write controls from read-only users. */
export const MeContext = createContext<Me | null>(null);
/** The signed-in user, or null before `GET /v1/auth/me` answered. */
export const useMe = (): Me | null => useContext(MeContext);
