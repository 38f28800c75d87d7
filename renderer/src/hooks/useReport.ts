/** Where API errors go: the App's alert banner. Every component reports through this; nothing is swallowed. */
import { createContext, useContext } from 'react';

export type Report = (err: unknown) => void;

export const ReportContext = createContext<Report>((err) => {
  // Without a provider (never in the app) the error still reaches the console.
  console.error(err);
});

export function useReport(): Report {
  return useContext(ReportContext);
}
