// Entry point of the profile viewer webview (filled in by the profiling work).
export {};
