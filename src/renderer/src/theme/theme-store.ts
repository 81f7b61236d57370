import { useSyncExternalStore } from 'react';
import { cssVariables, THEMES, type ThemeColors, type ThemeName } from './palette';

/** What the user picked in the header: follow the OS, or a fixed theme. */
export type ThemeChoice = 'system' | ThemeName;

/** Where the choice is remembered between visits. */
export const THEME_STORAGE_KEY = 'concurrency-lab.theme';

const QUERY = '(prefers-color-scheme: light)';
const listeners = new Set<() => void>();
let choice: ThemeChoice = 'system';
let resolved: ThemeName = 'dark';
let started = false;

function readChoice(): ThemeChoice {
  try {
    const stored = window.localStorage.getItem(THEME_STORAGE_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system'; // storage refused (private mode, file:): follow the OS
  }
}

function systemTheme(): ThemeName {
  return window.matchMedia(QUERY).matches ? 'light' : 'dark';
}

/** Writes the theme's page colours onto <html>, so every var(--name) in the CSS follows. */
function apply(): void {
  resolved = choice === 'system' ? systemTheme() : choice;
  const root = document.documentElement;
  root.dataset['theme'] = resolved;
  // Native controls and scrollbars follow too.
  root.style.colorScheme = resolved;
  for (const [name, value] of cssVariables(THEMES[resolved].page)) {
    root.style.setProperty(name, value);
  }
  for (const listener of listeners) listener();
}

/** Reads the remembered choice, applies it and follows OS changes; call once before rendering. */
export function initTheme(): void {
  if (started) return;
  started = true;
  choice = readChoice();
  window.matchMedia(QUERY).addEventListener('change', () => {
    if (choice === 'system') apply();
  });
  apply();
}

/** Picks a theme (or the OS's) and remembers it. */
export function setThemeChoice(next: ThemeChoice): void {
  choice = next;
  try {
    if (next === 'system') window.localStorage.removeItem(THEME_STORAGE_KEY);
    else window.localStorage.setItem(THEME_STORAGE_KEY, next);
  } catch {
    // not remembered, but still applied
  }
  apply();
}

/** The user's choice. */
export function themeChoice(): ThemeChoice {
  return choice;
}

/** The theme on screen now. */
export function currentTheme(): ThemeName {
  return resolved;
}

/** The colours on screen now: what a canvas reads each time it draws. */
export function themeColors(): ThemeColors {
  return THEMES[resolved];
}

/** Calls `listener` after every theme change; returns the unsubscribe. */
export function subscribeTheme(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The theme on screen, re-rendering the caller when it changes. */
export function useTheme(): ThemeName {
  return useSyncExternalStore(subscribeTheme, currentTheme);
}

/** The user's choice, re-rendering the caller when it changes. */
export function useThemeChoice(): ThemeChoice {
  return useSyncExternalStore(subscribeTheme, themeChoice);
}
