//! One-time setup that reaches outside the program: fetching and converting the
//! dictionary. It lives in the binary so that the analysis library never runs processes
//! or touches the network.

pub mod lexicon;
