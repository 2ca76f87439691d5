//! `--country` / `--company` flags: user input (any inflection, alias or code) resolved
//! to the values the index stores, shared by `search` and `facets`.

use std::path::Path;

use super::{usage_error, CliError, Context};
use crate::entities::{normalize_name, EntityKind};
use crate::index::entity_fields::extractor_for;
use crate::index::schema::country_value;

/// Resolved filters: AND over the outer lists, OR within each.
pub struct EntityFilters {
    /// Country values (`CODE|Name`).
    pub countries: Vec<Vec<String>>,
    /// Company names.
    pub companies: Vec<Vec<String>>,
}

impl EntityFilters {
    /// Resolves every flag; an unknown country is a usage error (exit 2). A company the
    /// list lacks is kept in its normal form, since the rules may have found it by name.
    pub fn resolve(
        ctx: &Context,
        index_dir: &Path,
        countries: &[String],
        companies: &[String],
    ) -> Result<EntityFilters, CliError> {
        if countries.is_empty() && companies.is_empty() {
            return Ok(EntityFilters {
                countries: Vec::new(),
                companies: Vec::new(),
            });
        }
        let extractor = extractor_for(ctx.analyzer()?, index_dir, None)?;
        let split = |flag: &String| -> Vec<String> {
            flag.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        let mut out = EntityFilters {
            countries: Vec::new(),
            companies: Vec::new(),
        };
        for flag in countries {
            let mut either = Vec::new();
            for name in split(flag) {
                let c = extractor.resolve(EntityKind::Country, &name).ok_or_else(|| {
                    usage_error(anyhow::anyhow!(
                        "unknown country «{name}»: give its Ukrainian name in any form, an alias (КНР, США) or its ISO code (cn)"
                    ))
                })?;
                either.push(country_value(c.code.as_deref(), &c.name));
            }
            out.countries.push(either);
        }
        for flag in companies {
            let either = split(flag)
                .into_iter()
                .map(|name| match extractor.resolve(EntityKind::Company, &name) {
                    Some(c) => c.name,
                    None => normalize_name(&name),
                })
                .collect();
            out.companies.push(either);
        }
        Ok(out)
    }
}
