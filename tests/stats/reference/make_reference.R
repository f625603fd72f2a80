# Reference values for tests/stats: metafor's results on datasets shipped with metafor/metadat.
#
# Run from anywhere:  Rscript --vanilla tests/stats/reference/make_reference.R
# Writes, next to this script:
#   bcg.csv, nielweise2007.csv, hine1989.csv, hart1999_irr_ci.csv   (the input data)
#   metafor_reference.json                                            (the reference values)
# The R, metafor and metadat versions used are recorded in metafor_reference.json.
# Only base R + metafor are needed (the JSON writer is below, no jsonlite).
#
# Datasets:
#   bcg            dat.bcg (13 BCG vaccine trials); RR, OR, RD; also subgroups by `alloc`.
#   nielweise2007  dat.nielweise2007 (18 trials of anti-infective catheters): sparse, 6 studies
#                  with a zero cell, one double-zero study (Yucel 2004: 0/118 vs 0/105).
#   hine1989       dat.hine1989 (6 lidocaine trials): tau^2 estimated at 0 by DL, REML and PM.
#   hart1999_irr   dat.hart1999 (6 warfarin trials, events / person-years) turned into
#                  published-style incidence rate ratios with CIs rounded to 2 decimals (rows 2
#                  and 5 given as 90% CIs); pooled as generic inverse variance on the log
#                  scale with SE = (log(ci_high) - log(ci_low)) / (2 z).
#
# All models use metafor's defaults (escalc: add=1/2, to="only0", drop00=FALSE; rma.mh and
# rma.peto: their own defaults; test="z"), except that
#   * the `drop00` cases set drop00=TRUE (escalc) or drop00=c(TRUE, TRUE) (rma.mh, rma.peto);
#   * the iterative tau^2 estimators are run to convergence: REML with
#     control=list(threshold=1e-10) (default 1e-5 on the change in tau^2) and PM with
#     control=list(tol=1e-12) (default uniroot tol .Machine$double.eps^0.25 = 1.2e-4).
#     The defaults are absolute tolerances on tau^2, too coarse for the risk-difference
#     scale where tau^2 is ~1e-4 (e.g. nielweise2007 RD REML: tau^2 0.000138 at the default
#     stopping point vs 0.000123 at the maximum).  The values metafor gives with its default
#     control are kept too, under "metafor_default_control", for comparison.

suppressPackageStartupMessages(library(metafor))

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(file_arg)) dirname(normalizePath(file_arg)) else getwd()

# ------------------------------------------------------------------ a tiny JSON writer
json_num <- function(x) {
  ifelse(is.na(x) | !is.finite(x), "null", sprintf("%.17g", x))
}
to_json <- function(x, indent = "") {
  ind2 <- paste0(indent, "  ")
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    parts <- vapply(x, to_json, character(1), indent = ind2)
    if (!is.null(names(x))) {
      body <- paste0(ind2, "\"", names(x), "\": ", parts, collapse = ",\n")
      return(paste0("{\n", body, "\n", indent, "}"))
    }
    return(paste0("[\n", paste0(ind2, parts, collapse = ",\n"), "\n", indent, "]"))
  }
  as_array <- inherits(x, "AsIs") || length(x) != 1
  vals <- if (is.logical(x)) {
    ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  } else if (is.numeric(x)) {
    json_num(as.numeric(x))
  } else {
    paste0("\"", gsub("\"", "\\\\\"", as.character(x)), "\"")
  }
  if (as_array) paste0("[", paste(vals, collapse = ", "), "]") else vals
}

# ------------------------------------------------------------------ the data sets
bcg <- data.frame(
  id = paste(dat.bcg$author, dat.bcg$year),
  events_treatment = dat.bcg$tpos,
  total_treatment = dat.bcg$tpos + dat.bcg$tneg,
  events_control = dat.bcg$cpos,
  total_control = dat.bcg$cpos + dat.bcg$cneg,
  ablat = dat.bcg$ablat,
  alloc = dat.bcg$alloc,
  stringsAsFactors = FALSE
)
niel <- data.frame(
  id = paste(dat.nielweise2007$author, dat.nielweise2007$year),
  events_treatment = dat.nielweise2007$ai,
  total_treatment = dat.nielweise2007$n1i,
  events_control = dat.nielweise2007$ci,
  total_control = dat.nielweise2007$n2i,
  stringsAsFactors = FALSE
)
hine <- data.frame(
  id = dat.hine1989$source,
  events_treatment = dat.hine1989$ai,
  total_treatment = dat.hine1989$n1i,
  events_control = dat.hine1989$ci,
  total_control = dat.hine1989$n2i,
  stringsAsFactors = FALSE
)
h <- dat.hart1999
h_level <- c(95, 90, 95, 95, 90, 95)
h_y <- log((h$x1i / h$t1i) / (h$x2i / h$t2i))
h_se <- sqrt(1 / h$x1i + 1 / h$x2i)
h_z <- qnorm(1 - (1 - h_level / 100) / 2)
hart <- data.frame(
  id = paste(h$study, h$year),
  measure = "IRR",
  estimate = round(exp(h_y), 2),
  ci_low = round(exp(h_y - h_z * h_se), 2),
  ci_high = round(exp(h_y + h_z * h_se), 2),
  ci_level = h_level,
  prevtype = h$prevtype,
  stringsAsFactors = FALSE
)
stopifnot(!anyDuplicated(bcg$id), !anyDuplicated(niel$id), !anyDuplicated(hine$id),
          !anyDuplicated(hart$id))

datasets <- list(
  bcg = list(file = "bcg.csv", data = bcg),
  nielweise2007 = list(file = "nielweise2007.csv", data = niel),
  hine1989 = list(file = "hine1989.csv", data = hine),
  hart1999_irr = list(file = "hart1999_irr_ci.csv", data = hart)
)
for (d in datasets) {
  write.csv(d$data, file.path(out_dir, d$file), row.names = FALSE, na = "")
}

# ------------------------------------------------------------------ helpers
cells <- function(d) {
  list(ai = d$events_treatment, bi = d$total_treatment - d$events_treatment,
       ci = d$events_control, di = d$total_control - d$events_control)
}
is_double_zero <- function(d) {
  x <- cells(d)
  (x$ai == 0 & x$ci == 0) | (x$bi == 0 & x$di == 0)
}

tight <- function(method) {
  switch(method, reml = list(threshold = 1e-10), pm = list(tol = 1e-12), list())
}

fit_counts <- function(d, measure, method, level = 95, drop00 = FALSE, default_control = FALSE) {
  x <- cells(d)
  if (method == "mh") {
    dz <- if (drop00) c(TRUE, TRUE) else TRUE
    return(rma.mh(ai = x$ai, bi = x$bi, ci = x$ci, di = x$di, measure = measure,
                  level = level, drop00 = dz, slab = d$id))
  }
  if (method == "peto") {
    dz <- if (drop00) c(TRUE, TRUE) else TRUE
    return(rma.peto(ai = x$ai, bi = x$bi, ci = x$ci, di = x$di, level = level,
                    drop00 = dz, slab = d$id))
  }
  es <- escalc(measure, ai = x$ai, bi = x$bi, ci = x$ci, di = x$di, drop00 = drop00,
               slab = d$id)
  m <- c(iv = "FE", dl = "DL", reml = "REML", pm = "PM")[[method]]
  control <- if (default_control) list() else tight(method)
  suppressWarnings(rma(yi, vi, data = es, method = m, level = level, slab = d$id,
                       control = control))
}

fit_ci <- function(d, method, level = 95, default_control = FALSE) {
  z <- qnorm(1 - (1 - d$ci_level / 100) / 2)
  yi <- log(d$estimate)
  sei <- (log(d$ci_high) - log(d$ci_low)) / (2 * z)
  m <- c(iv = "FE", dl = "DL", reml = "REML", pm = "PM")[[method]]
  control <- if (default_control) list() else tight(method)
  rma(yi, sei = sei, method = m, level = level, slab = d$id, control = control)
}

summarise <- function(r, method) {
  pr <- predict(r)
  random <- method %in% c("dl", "reml", "pm")
  q_df <- if (inherits(r, "rma.mh") || inherits(r, "rma.peto")) r$k.yi - 1 else r$k - r$p
  w <- weights(r)
  list(
    k = r$k,
    beta = as.numeric(r$beta),
    se = r$se,
    ci_lb = r$ci.lb,
    ci_ub = r$ci.ub,
    tau2 = if (is.null(r$tau2)) 0 else r$tau2,
    I2 = r$I2,
    H2 = r$H2,
    QE = r$QE,
    QE_df = q_df,
    QEp = r$QEp,
    pi_lb = if (random) pr$pi.lb else NULL,
    pi_ub = if (random) pr$pi.ub else NULL,
    ids = I(names(w)),
    weights = I(as.numeric(w))
  )
}

case <- function(dataset, measure, method, r, level = 95, drop00 = FALSE, r_default = NULL) {
  out <- c(list(dataset = dataset, file = datasets[[dataset]]$file, measure = measure,
                method = method, level = level, drop_double_zero = drop00),
           summarise(r, method))
  if (!is.null(r_default)) {
    out$metafor_default_control <- list(beta = as.numeric(r_default$beta), se = r_default$se,
                                        tau2 = r_default$tau2)
  }
  out
}

# ------------------------------------------------------------------ pooled cases
cases <- list()
add_case <- function(x) cases[[length(cases) + 1]] <<- x
count_methods <- c("iv", "mh", "peto", "dl", "reml", "pm")
for (ds in c("bcg", "nielweise2007", "hine1989")) {
  d <- datasets[[ds]]$data
  for (measure in c("RR", "OR", "RD")) {
    for (method in count_methods) {
      if (method == "peto" && measure != "OR") next
      r_def <- if (method %in% c("reml", "pm")) {
        fit_counts(d, measure, method, default_control = TRUE)
      }
      add_case(case(ds, measure, method, fit_counts(d, measure, method), r_default = r_def))
    }
  }
}
# double-zero study dropped instead of kept
for (measure in c("RR", "OR", "RD")) {
  for (method in count_methods) {
    if (method == "peto" && measure != "OR") next
    r <- fit_counts(niel, measure, method, drop00 = TRUE)
    r_def <- if (method %in% c("reml", "pm")) {
      fit_counts(niel, measure, method, drop00 = TRUE, default_control = TRUE)
    }
    add_case(case("nielweise2007", measure, method, r, drop00 = TRUE, r_default = r_def))
  }
}
# another confidence level
for (method in c("iv", "mh", "reml")) {
  add_case(case("bcg", "RR", method, fit_counts(bcg, "RR", method, level = 90), level = 90))
}
# estimate + CI (generic inverse variance on the log scale)
for (method in c("iv", "dl", "reml", "pm")) {
  r_def <- if (method %in% c("reml", "pm")) fit_ci(hart, method, default_control = TRUE)
  add_case(case("hart1999_irr", "IRR", method, fit_ci(hart, method), r_default = r_def))
}

# ------------------------------------------------------------------ per-study escalc values
escalc_cases <- list()
for (ds in c("bcg", "nielweise2007", "hine1989")) {
  d <- datasets[[ds]]$data
  x <- cells(d)
  for (measure in c("RR", "OR", "RD")) {
    es <- escalc(measure, ai = x$ai, bi = x$bi, ci = x$ci, di = x$di)
    escalc_cases[[length(escalc_cases) + 1]] <- list(
      dataset = ds, file = datasets[[ds]]$file, measure = measure,
      ids = I(d$id), yi = I(as.numeric(es$yi)), vi = I(as.numeric(es$vi))
    )
  }
}

# ------------------------------------------------------------------ subgroups
# Each subgroup is fitted on its own with the same method; the test for subgroup
# differences is the fixed-effect (FE) heterogeneity test of the subgroup estimates.
subgroup_cases <- list()
add_subgroup <- function(ds, measure, method, column, fitter) {
  d <- datasets[[ds]]$data
  groups <- unique(d[[column]])
  fits <- lapply(groups, function(g) fitter(d[d[[column]] == g, , drop = FALSE]))
  b <- vapply(fits, function(f) as.numeric(f$beta), numeric(1))
  se <- vapply(fits, function(f) f$se, numeric(1))
  test <- rma(yi = b, sei = se, method = "FE")
  subgroup_cases[[length(subgroup_cases) + 1]] <<- list(
    dataset = ds, file = datasets[[ds]]$file, measure = measure, method = method,
    subgroup = column,
    overall = summarise(fitter(d), method),
    groups = setNames(lapply(fits, summarise, method = method), groups),
    test = list(q = test$QE, df = test$k - 1, p = test$QEp)
  )
}
for (method in c("iv", "mh", "dl", "reml", "pm")) {
  add_subgroup("bcg", "RR", method, "alloc", function(d) fit_counts(d, "RR", method))
}
for (method in c("iv", "reml")) {
  add_subgroup("hart1999_irr", "IRR", method, "prevtype", function(d) fit_ci(d, method))
}

out <- list(
  r_version = R.version.string,
  metafor_version = as.character(packageVersion("metafor")),
  metadat_version = as.character(packageVersion("metadat")),
  generated_by = "tests/stats/reference/make_reference.R",
  notes = paste(
    "beta, ci_lb, ci_ub, pi_lb, pi_ub are on the analysis scale (log for RR, OR, IRR);",
    "weights are percentages as weights(); pi_* are null for fixed-effect models, whose",
    "predict() gives no prediction interval. QE_df is k.yi - 1 for rma.mh/rma.peto.",
    "REML/PM run to convergence (see the script header); metafor_default_control holds",
    "beta, se, tau2 from metafor's default control settings."
  ),
  cases = cases,
  escalc = escalc_cases,
  subgroups = subgroup_cases
)
writeLines(to_json(out), file.path(out_dir, "metafor_reference.json"))
cat("wrote", length(cases), "pooled cases,", length(escalc_cases), "escalc cases,",
    length(subgroup_cases), "subgroup cases to", out_dir, "\n")
