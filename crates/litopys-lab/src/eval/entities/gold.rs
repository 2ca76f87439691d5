//! Readers of the gold formats: BSNLP's document-level JSON Lines (entities grouped by
//! cross-lingual id) and NER-UK's span-level JSON Lines (one entity per span), both into
//! the same [`GoldDoc`], so that scoring does not care where a document came from.

use std::io::BufRead;
use std::path::Path;

use anyhow::Context as _;

/// One gold document.
#[derive(Clone, Debug)]
pub struct GoldDoc {
    /// Document id.
    pub id: String,
    /// Title, if any.
    pub title: Option<String>,
    /// Text.
    pub text: String,
    /// Gold entities.
    pub entities: Vec<GoldEntity>,
}

/// One gold entity of a document: its type and every form it takes.
#[derive(Clone, Debug)]
pub struct GoldEntity {
    /// BSNLP/NER-UK type: LOC, ORG, PER(S), PRO, …
    pub typ: String,
    /// BSNLP cross-lingual id (empty for NER-UK).
    pub xling: String,
    /// Mentions and base forms.
    pub forms: Vec<String>,
    /// The base (nominative) forms alone (BSNLP; empty for NER-UK).
    pub bases: Vec<String>,
}

/// Reads the BSNLP document-level gold (JSON Lines).
pub fn read_bsnlp(path: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut docs = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let mut entities: Vec<GoldEntity> = Vec::new();
        for e in v.get("entities").and_then(|e| e.as_array()).into_iter().flatten() {
            if e.get("found_in_text").and_then(|f| f.as_bool()) == Some(false) {
                continue;
            }
            let g = |k: &str| e.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
            let (typ, xling) = (g("type"), g("xling_id"));
            let forms = [g("mention"), g("base")];
            match entities.iter_mut().find(|x| x.typ == typ && x.xling == xling) {
                Some(x) => {
                    x.forms.extend(forms.clone());
                    x.bases.push(forms[1].clone());
                }
                None => entities.push(GoldEntity {
                    typ,
                    xling,
                    bases: vec![forms[1].clone()],
                    forms: forms.to_vec(),
                }),
            }
        }
        for e in &mut entities {
            e.forms.retain(|f| !f.trim().is_empty());
            e.forms.sort();
            e.forms.dedup();
            e.bases.retain(|f| !f.trim().is_empty());
            e.bases.sort();
            e.bases.dedup();
        }
        docs.push(GoldDoc {
            id: s("id").unwrap_or_default(),
            title: s("title"),
            text: s("text").unwrap_or_default(),
            entities,
        });
    }
    Ok(docs)
}

/// Reads the NER-UK span-level gold (JSON Lines); each span is one entity.
pub fn read_ner_uk(path: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let file = std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut docs = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let entities = v
            .get("entities")
            .and_then(|e| e.as_array())
            .into_iter()
            .flatten()
            .map(|e| GoldEntity {
                typ: e.get("type").and_then(|x| x.as_str()).unwrap_or("").to_string(),
                xling: String::new(),
                forms: vec![e
                    .get("text")
                    .and_then(|x| x.as_str())
                    .unwrap_or("")
                    .replace('\n', " ")],
                bases: Vec::new(),
            })
            .collect();
        docs.push(GoldDoc {
            id: v.get("id").and_then(|x| x.as_str()).unwrap_or("").to_string(),
            title: None,
            text: v.get("text").and_then(|x| x.as_str()).unwrap_or("").to_string(),
            entities,
        });
    }
    Ok(docs)
}
