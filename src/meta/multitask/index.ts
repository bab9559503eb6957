// Multi-task models, the MI-regularized loss and the MIML pipeline (re-exported from infometa/meta).
export {};
