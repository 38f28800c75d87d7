/** Applies the theme setting: 'light' / 'dark' force it (data-theme on <html>); 'system' follows the OS. */
import { useEffect } from 'react';
import type { Theme } from '../../../proxy/src/contract-v2';

export function useTheme(theme: Theme | null): void {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'light' || theme === 'dark') root.dataset['theme'] = theme;
    else delete root.dataset['theme'];
  }, [theme]);
}
