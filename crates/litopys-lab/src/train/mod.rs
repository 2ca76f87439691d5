//! `litopys-lab train …`: models trained from the shared gold data, reproducibly (fixed
//! seeds, fixed held-back part), with their scores printed.

pub mod ner;
