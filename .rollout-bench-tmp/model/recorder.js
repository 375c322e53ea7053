export {};
//# sourceMappingURL=recorder.js.map