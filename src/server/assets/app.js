// The page's code: see the web interface (issue 6).
