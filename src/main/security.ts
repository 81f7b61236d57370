import { app, shell, type Session } from 'electron';
import { allowsNavigation, grantsPermission, newWindowDecision } from './security-policy';

/**
 * App-wide hardening: every permission request is denied, and every web contents (including
 * ones we never meant to create) can neither navigate away, open windows nor attach webviews.
 */
export function hardenApp(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(grantsPermission(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => grantsPermission(permission));

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!allowsNavigation(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!allowsNavigation(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const decision = newWindowDecision(url);
      if (decision.openExternally) void shell.openExternal(url);
      return { action: decision.action };
    });
  });
}
