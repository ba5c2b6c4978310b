// Runs in <head> before paint: applies the saved (or the system's) theme so a reload does not
// flash. A plain module, not a client component, so the root layout can inline the string.
export const THEME_STORAGE_KEY = "tracelight-theme";

export const THEME_SCRIPT = `(()=>{try{const t=localStorage.getItem("${THEME_STORAGE_KEY}");const d=t?t==="dark":matchMedia("(prefers-color-scheme: dark)").matches;document.documentElement.classList.toggle("dark",d)}catch{}})()`;
