;; corpuslsp for Emacs 28+ with Eglot: YAML sidecars in yaml-mode, .txt articles in text-mode.
;; Debian: apt install elpa-eglot elpa-yaml-mode elpa-markdown-mode; elsewhere M-x package-install eglot, yaml-mode.
(require 'eglot)
(require 'yaml-mode)
(defvar corpuslsp-program
  (or (executable-find "corpuslsp") (expand-file-name "~/.dotnet/tools/corpuslsp")))
(add-to-list 'eglot-server-programs
             `((yaml-mode text-mode) . (,corpuslsp-program "serve" "--stdio")))
(add-hook 'yaml-mode-hook #'eglot-ensure)
;; text-mode itself, not every mode derived from it (markdown, org).
(add-hook 'text-mode-hook (lambda () (when (eq major-mode 'text-mode) (eglot-ensure))))
