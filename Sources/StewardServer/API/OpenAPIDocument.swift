/// The OpenAPI 3.1 document of `/api/v1`, served at `/api/v1/openapi.yaml`.
///
/// Written by hand, not generated: `OpenAPIAgreementTests` proves that every route the router serves under
/// `/api/v1` is a path here and every path here is served, with the same methods, so the two cannot drift.
/// Embedded as a string so a deployed binary needs no resource bundle.
enum OpenAPIDocument {
    static let yaml = #"""
        openapi: 3.1.0
        info:
          title: golden REST API
          version: 1.0.0
          description: |
            Review queue, golden records, finance confirmation and proposals, quality, operations (sources and
            their runs, parked outbox deltas, quarantine, rejected rows) and audit of the golden MDM hub. Every route
            needs `Authorization: Bearer golden_…` (a token from `golden tokens create`) except this document.
            Reads are open to every role; stewards (and admins) decide candidates, split, move, override and
            unlock, and retry parked outbox deltas; finance (and admins) confirm and decide proposals. Errors are
            `{"error":{"code","message","field"}}`.
        servers:
          - url: /api/v1
        security:
          - bearer: []
        paths:
          /openapi.yaml:
            get:
              operationId: openapi
              summary: This document.
              security: []
              responses:
                '200':
                  description: The OpenAPI document.
                  content:
                    application/yaml:
                      schema: { type: string }
          /me:
            get:
              operationId: me
              summary: Who the token acts for.
              responses:
                '200':
                  description: The principal.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [login, role]
                        properties:
                          login: { type: string }
                          role: { $ref: '#/components/schemas/Role' }
                '401': { $ref: '#/components/responses/Unauthorized' }
          /candidates:
            get:
              operationId: listCandidates
              summary: The review queue, most uncertain first (probability nearest 0.5).
              parameters:
                - { name: entity, in: query, schema: { $ref: '#/components/schemas/Entity' } }
                - { name: source, in: query, description: A source on either side., schema: { type: string } }
                - { name: min_probability, in: query, schema: { type: number, minimum: 0, maximum: 1 } }
                - { name: max_probability, in: query, schema: { type: number, minimum: 0, maximum: 1 } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 500, default: 50 } }
                - { name: offset, in: query, schema: { type: integer, minimum: 0, maximum: 1000000, default: 0 } }
              responses:
                '200':
                  description: One page of open candidates.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [candidates, limit, offset]
                        properties:
                          candidates: { type: array, items: { $ref: '#/components/schemas/Candidate' } }
                          limit: { type: integer }
                          offset: { type: integer }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
          /candidates/{id}:
            get:
              operationId: getCandidate
              summary: One candidate with its explanation and both records.
              parameters: [{ $ref: '#/components/parameters/CandidateID' }]
              responses:
                '200':
                  description: The candidate.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [candidate, explanation]
                        properties:
                          candidate: { $ref: '#/components/schemas/Candidate' }
                          model_version: { type: [integer, 'null'] }
                          decision_id: { type: [string, 'null'], format: uuid }
                          explanation:
                            description: Per comparison, the level, Bayes factor and term-frequency adjustment.
                          left: { $ref: '#/components/schemas/PairRecord' }
                          right: { $ref: '#/components/schemas/PairRecord' }
                '401': { $ref: '#/components/responses/Unauthorized' }
                '404': { $ref: '#/components/responses/NotFound' }
          /candidates/{id}/decision:
            post:
              operationId: decideCandidate
              summary: Approve (must-link), reject (cannot-link) or defer a candidate. Steward or admin.
              parameters: [{ $ref: '#/components/parameters/CandidateID' }]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [decision, reason]
                      properties:
                        decision: { type: string, enum: [approve, reject, defer] }
                        reason: { $ref: '#/components/schemas/Reason' }
              responses:
                '200':
                  description: The decision.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [id, decision, status]
                        properties:
                          id: { type: string }
                          decision: { type: string }
                          status: { type: string }
                          decision_id: { type: [string, 'null'], format: uuid }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
                '403': { $ref: '#/components/responses/Forbidden' }
                '404': { $ref: '#/components/responses/NotFound' }
                '409': { $ref: '#/components/responses/Conflict' }
                '422': { $ref: '#/components/responses/Refused' }
          /golden:
            get:
              operationId: searchGolden
              summary: Search active golden records by name (Cyrillic or Latin), INN, OGRN, e-mail or phone.
              parameters:
                - { name: q, in: query, required: true, schema: { type: string, minLength: 1, maxLength: 200 } }
                - { name: entity, in: query, schema: { $ref: '#/components/schemas/Entity' } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 100, default: 20 } }
              responses:
                '200':
                  description: Matching golden records.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [query, results]
                        properties:
                          query: { type: string }
                          results:
                            type: array
                            items:
                              type: object
                              required: [golden_id, entity, status, attributes]
                              properties:
                                golden_id: { type: string, format: uuid }
                                entity: { $ref: '#/components/schemas/Entity' }
                                status: { type: string }
                                attributes: { type: object }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
          /golden/{id}:
            get:
              operationId: getGolden
              summary: A golden record's values, lineage (why each value won), members and status; merged ids resolve.
              parameters: [{ $ref: '#/components/parameters/GoldenID' }]
              responses:
                '200':
                  description: The golden record.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [golden_id, requested_id, entity, state, status, version, attributes, lineage, members]
                        properties:
                          golden_id: { type: string, format: uuid }
                          requested_id: { type: string, format: uuid }
                          entity: { $ref: '#/components/schemas/Entity' }
                          state: { type: string, enum: [active, merged, retired] }
                          status: { type: string, enum: [provisional, matched, confirmed] }
                          lifecycle: { type: string }
                          dead_reason: { type: [string, 'null'] }
                          version: { type: integer }
                          confirmed_at: { type: [string, 'null'], format: date-time }
                          attributes: { type: object }
                          lineage: { type: object, additionalProperties: true }
                          members:
                            type: array
                            items:
                              type: object
                              properties:
                                source_record_id: { type: string, format: uuid }
                                ref: { type: string }
                                source: { type: string }
                                key: { type: string }
                                since: { type: string, format: date-time }
                                reason: { type: string }
                '401': { $ref: '#/components/responses/Unauthorized' }
                '404': { $ref: '#/components/responses/NotFound' }
          /golden/{id}/history:
            get:
              operationId: getGoldenHistory
              summary: Every version (membership, values, merges, splits) and the audited decisions about the record.
              parameters: [{ $ref: '#/components/parameters/GoldenID' }]
              responses:
                '200':
                  description: The history.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [golden_id, versions, decisions]
                        properties:
                          golden_id: { type: string, format: uuid }
                          versions:
                            type: array
                            items:
                              type: object
                              properties:
                                version: { type: integer }
                                change: { type: string }
                                status: { type: string }
                                at: { type: string, format: date-time }
                                actor: { type: [string, 'null'] }
                                run_id: { type: [string, 'null'], format: uuid }
                                decision_id: { type: [string, 'null'], format: uuid }
                                member_count: { type: [integer, 'null'] }
                                related: { type: array, items: { type: string, format: uuid } }
                          decisions: { type: array, items: { $ref: '#/components/schemas/AuditEntry' } }
                '401': { $ref: '#/components/responses/Unauthorized' }
                '404': { $ref: '#/components/responses/NotFound' }
          /golden/{id}/split:
            post:
              operationId: splitGolden
              summary: Split records off into a new golden record, at once. Steward or admin.
              parameters: [{ $ref: '#/components/parameters/GoldenID' }]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [records, reason]
                      properties:
                        records: { type: array, minItems: 1, items: { $ref: '#/components/schemas/RecordRef' } }
                        reason: { $ref: '#/components/schemas/Reason' }
              responses:
                '200': { $ref: '#/components/responses/Decided' }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
                '403': { $ref: '#/components/responses/Forbidden' }
                '404': { $ref: '#/components/responses/NotFound' }
                '422': { $ref: '#/components/responses/Refused' }
          /golden/{id}/move:
            post:
              operationId: moveIntoGolden
              summary: Move one source record into this golden record, at once. Steward or admin.
              parameters: [{ $ref: '#/components/parameters/GoldenID' }]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [record, reason]
                      properties:
                        record: { $ref: '#/components/schemas/RecordRef' }
                        reason: { $ref: '#/components/schemas/Reason' }
              responses:
                '200': { $ref: '#/components/responses/Decided' }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
                '403': { $ref: '#/components/responses/Forbidden' }
                '404': { $ref: '#/components/responses/NotFound' }
                '422': { $ref: '#/components/responses/Refused' }
          /golden/{id}/override:
            post:
              operationId: overrideGolden
              summary: Set an attribute by hand; it wins until unlocked. Steward or admin.
              parameters: [{ $ref: '#/components/parameters/GoldenID' }]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [attribute, value, reason]
                      properties:
                        attribute: { type: string }
                        value: { type: string }
                        reason: { $ref: '#/components/schemas/Reason' }
              responses:
                '200': { $ref: '#/components/responses/Decided' }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
                '403': { $ref: '#/components/responses/Forbidden' }
                '404': { $ref: '#/components/responses/NotFound' }
                '422': { $ref: '#/components/responses/Refused' }
          /golden/{id}/unlock:
            post:
              operationId: unlockGolden
              summary: Revoke the override on an attribute; the rules decide it again. Steward or admin.
              parameters: [{ $ref: '#/components/parameters/GoldenID' }]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [attribute, reason]
                      properties:
                        attribute: { type: string }
                        reason: { $ref: '#/components/schemas/Reason' }
              responses:
                '200': { $ref: '#/components/responses/Decided' }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
                '403': { $ref: '#/components/responses/Forbidden' }
                '404': { $ref: '#/components/responses/NotFound' }
                '422': { $ref: '#/components/responses/Refused' }
          /golden/{id}/confirm:
            post:
              operationId: confirmGolden
              summary: Finance confirms an organization; legal fields lock. Finance or admin.
              parameters: [{ $ref: '#/components/parameters/GoldenID' }]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [reason]
                      properties:
                        reason: { $ref: '#/components/schemas/Reason' }
              responses:
                '200': { $ref: '#/components/responses/Decided' }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
                '403': { $ref: '#/components/responses/Forbidden' }
                '404': { $ref: '#/components/responses/NotFound' }
                '422': { $ref: '#/components/responses/Refused' }
          /proposals:
            get:
              operationId: listProposals
              summary: Values proposed against locked fields of confirmed organizations.
              parameters:
                - { name: status, in: query, schema: { type: string, enum: [open, accepted, rejected, all], default: open } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000, default: 100 } }
              responses:
                '200':
                  description: The proposals, oldest first.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [proposals]
                        properties:
                          proposals: { type: array, items: { $ref: '#/components/schemas/Proposal' } }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
          /proposals/{id}/decision:
            post:
              operationId: decideProposal
              summary: Accept (the value becomes the locked value) or reject a proposal. Finance or admin.
              parameters:
                - { name: id, in: path, required: true, schema: { type: string, format: uuid } }
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [decision, reason]
                      properties:
                        decision: { type: string, enum: [accept, reject] }
                        reason: { $ref: '#/components/schemas/Reason' }
              responses:
                '200':
                  description: The decided proposal.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Proposal' }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
                '403': { $ref: '#/components/responses/Forbidden' }
                '404': { $ref: '#/components/responses/NotFound' }
                '422': { $ref: '#/components/responses/Refused' }
          /match:
            post:
              operationId: matchCandidate
              summary: Search-before-create. Which golden records one candidate record would join, scored as a run would; nothing is stored.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [entity, attributes]
                      properties:
                        entity: { $ref: '#/components/schemas/Entity' }
                        source: { type: [string, 'null'], description: The source asking (default api). }
                        limit: { type: [integer, 'null'], minimum: 1, maximum: 50, default: 10 }
                        attributes:
                          type: object
                          description: Canonical fields; phone, email and address take a string or an array; null is absent.
                          properties:
                            legal_name: { type: [string, 'null'] }
                            short_name: { type: [string, 'null'] }
                            legal_form: { type: [string, 'null'] }
                            inn: { type: [string, 'null'] }
                            kpp: { type: [string, 'null'] }
                            ogrn: { type: [string, 'null'] }
                            website: { type: [string, 'null'] }
                            name: { type: [string, 'null'] }
                            given_name: { type: [string, 'null'] }
                            middle_name: { type: [string, 'null'] }
                            family_name: { type: [string, 'null'] }
                            birth_date: { type: [string, 'null'] }
                            job_title: { type: [string, 'null'] }
                            employer_golden_id: { type: [string, 'null'], format: uuid }
                            phone: { oneOf: [{ type: 'null' }, { type: string }, { type: array, items: { type: string } }] }
                            email: { oneOf: [{ type: 'null' }, { type: string }, { type: array, items: { type: string } }] }
                            address: { oneOf: [{ type: 'null' }, { type: string }, { type: array, items: { type: string } }] }
              responses:
                '200':
                  description: Likely golden matches, most probable first.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [entity, model_version, golden_considered, records_compared, matches]
                        properties:
                          entity: { $ref: '#/components/schemas/Entity' }
                          model_version: { type: integer }
                          golden_considered: { type: integer }
                          records_compared: { type: integer }
                          matches:
                            type: array
                            items:
                              type: object
                              required: [golden_id, probability, decision, best_record, explanation]
                              properties:
                                golden_id: { type: string, format: uuid }
                                probability: { type: number }
                                decision: { type: string, enum: [link, review, no_link] }
                                best_record: { type: string }
                                explanation: { type: object }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
                '409': { $ref: '#/components/responses/Conflict' }
          /quality:
            get:
              operationId: quality
              summary: Data-quality counts.
              responses:
                '200':
                  description: Counts of golden records, candidates, source records, quarantine, proposals, outbox.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [golden, candidates, sources, quarantine, open_proposals, outbox, records_per_golden]
                        properties:
                          golden: { type: array, items: { type: object } }
                          candidates: { type: array, items: { type: object } }
                          sources: { type: array, items: { type: object } }
                          quarantine: { type: object, additionalProperties: { type: integer } }
                          open_proposals: { type: integer }
                          outbox: { type: object, additionalProperties: { type: integer } }
                          records_per_golden: { type: object, additionalProperties: { type: number } }
                '401': { $ref: '#/components/responses/Unauthorized' }
          /audit:
            get:
              operationId: audit
              summary: The audit log, newest first.
              parameters:
                - { name: actor, in: query, schema: { type: string } }
                - { name: action, in: query, description: An action or its prefix (decision., token.)., schema: { type: string } }
                - { name: subject, in: query, schema: { type: string } }
                - { name: before, in: query, description: Page backwards from this time., schema: { type: string, format: date-time } }
                - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 1000, default: 100 } }
              responses:
                '200':
                  description: One page of the audit log.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [entries]
                        properties:
                          entries: { type: array, items: { $ref: '#/components/schemas/AuditEntry' } }
                          next: { type: [string, 'null'], format: date-time }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
          /sources:
            get:
              operationId: listSources
              summary: Every configured source with its kind and its newest runs.
              parameters:
                - name: runs
                  in: query
                  description: Runs per source.
                  schema: { type: integer, minimum: 1, maximum: 50, default: 5 }
              responses:
                '200':
                  description: The sources by name, each with its runs newest first (none when it never ran).
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [sources]
                        properties:
                          sources: { type: array, items: { $ref: '#/components/schemas/Source' } }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
          /outbox/parked:
            get:
              operationId: listParkedDeltas
              summary: Outbox deltas parked after their source refused them, with the error, oldest first.
              parameters:
                - { $ref: '#/components/parameters/Source' }
                - { $ref: '#/components/parameters/Limit' }
              responses:
                '200':
                  description: The parked deltas.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [parked]
                        properties:
                          parked: { type: array, items: { $ref: '#/components/schemas/ParkedDelta' } }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
          /outbox/retry:
            post:
              operationId: retryParkedDeltas
              summary: >-
                Put parked deltas back in the queue (of one source, or all). Steward or admin; audited as
                outbox.retry.
              requestBody:
                required: false
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        source: { type: [string, 'null'], description: Only this source's deltas (default every source). }
                        reason: { type: [string, 'null'], maxLength: 2000, description: 'Optional; empty counts as none.' }
              responses:
                '200':
                  description: How many deltas went back to pending.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [retried]
                        properties:
                          retried: { type: integer }
                          source: { type: [string, 'null'] }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
                '403': { $ref: '#/components/responses/Forbidden' }
          /quarantine:
            get:
              operationId: listQuarantine
              summary: >-
                Open quarantined values (kept aside by landing, the record stored with the field empty), newest
                first.
              parameters:
                - { $ref: '#/components/parameters/Source' }
                - { $ref: '#/components/parameters/Limit' }
              responses:
                '200':
                  description: One page of the quarantine.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [quarantine]
                        properties:
                          quarantine: { type: array, items: { $ref: '#/components/schemas/QuarantinedValue' } }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
          /rejected-rows:
            get:
              operationId: listRejectedRows
              summary: Open rows of imported files that never became records, newest first.
              parameters:
                - { $ref: '#/components/parameters/Source' }
                - { $ref: '#/components/parameters/Limit' }
              responses:
                '200':
                  description: One page of rejected rows.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [rejected_rows]
                        properties:
                          rejected_rows: { type: array, items: { $ref: '#/components/schemas/RejectedRow' } }
                '400': { $ref: '#/components/responses/Invalid' }
                '401': { $ref: '#/components/responses/Unauthorized' }
        components:
          securitySchemes:
            bearer:
              type: http
              scheme: bearer
          parameters:
            Source:
              name: source
              in: query
              description: Only this source.
              schema: { type: string }
            Limit:
              name: limit
              in: query
              schema: { type: integer, minimum: 1, maximum: 1000, default: 100 }
            GoldenID:
              name: id
              in: path
              required: true
              schema: { type: string, format: uuid }
            CandidateID:
              name: id
              in: path
              required: true
              description: The pair of source record ids, LEFT_ID:RIGHT_ID (smaller first; either order is accepted).
              schema: { type: string, pattern: '^[0-9a-fA-F-]{36}:[0-9a-fA-F-]{36}$' }
          schemas:
            Role: { type: string, enum: [viewer, steward, finance, admin] }
            Entity: { type: string, enum: [organization, person] }
            Reason: { type: string, minLength: 1, maxLength: 2000 }
            RecordRef:
              type: string
              description: A source record as SOURCE:KEY.
              pattern: '^[^:]+:.+$'
            Candidate:
              type: object
              required: [id, entity, probability, match_weight, status, left_id, right_id, sources]
              properties:
                id: { type: string }
                entity: { $ref: '#/components/schemas/Entity' }
                probability: { type: number }
                match_weight: { type: number }
                status: { type: string }
                left_id: { type: string, format: uuid }
                right_id: { type: string, format: uuid }
                sources: { type: array, items: { type: string } }
                updated_at: { type: string, format: date-time }
            PairRecord:
              type: [object, 'null']
              properties:
                source_record_id: { type: string, format: uuid }
                source: { type: string }
                key: { type: string }
                ref: { type: string }
                deleted: { type: boolean }
                golden_id: { type: [string, 'null'], format: uuid }
                attributes: { type: object }
            Proposal:
              type: object
              required: [proposal_id, golden_id, attribute, proposed, rule, status, created_at]
              properties:
                proposal_id: { type: string, format: uuid }
                golden_id: { type: string, format: uuid }
                attribute: { type: string }
                current: { type: [string, 'null'] }
                proposed: { type: string }
                proposed_raw: { type: [string, 'null'] }
                source_record_id: { type: [string, 'null'], format: uuid }
                rule: { type: string }
                status: { type: string }
                created_at: { type: string }
            AuditEntry:
              type: object
              required: [audit_id, at, actor, action, details]
              properties:
                audit_id: { type: string, format: uuid }
                at: { type: string, format: date-time }
                actor: { type: string }
                action: { type: string }
                subject: { type: [string, 'null'] }
                details: { type: object }
            Source:
              type: object
              required: [name, kind, created_at, updated_at, runs]
              properties:
                name: { type: string }
                kind: { type: string }
                created_at: { type: string, format: date-time }
                updated_at: { type: string, format: date-time }
                runs:
                  type: array
                  items:
                    type: object
                    required:
                      [run_id, kind, started_at, outcome, pulled, new_versions, echoes, quarantined, deleted, pushed,
                       push_failed]
                    properties:
                      run_id: { type: string, format: uuid }
                      kind: { type: string, enum: [sync, import, match, train, push, demo] }
                      started_at: { type: string, format: date-time }
                      finished_at: { type: string, format: date-time }
                      outcome: { type: string, enum: [running, succeeded, partial, failed, abandoned] }
                      pulled: { type: integer }
                      new_versions: { type: integer }
                      echoes:
                        type: integer
                        description: Versions that only brought back values golden pushed (not counted as new).
                      quarantined: { type: integer }
                      deleted: { type: integer }
                      pushed: { type: integer }
                      push_failed: { type: integer }
                      error: { type: string, description: This source's error in the run. }
                      run_error: { type: string, description: The run's own error. }
            ParkedDelta:
              type: object
              required: [source, source_key, golden_id, golden_version, error]
              properties:
                source: { type: string }
                source_key: { type: string }
                golden_id: { type: string, format: uuid }
                golden_version: { type: integer }
                error: { type: string }
            QuarantinedValue:
              type: object
              required: [source_record_id, source, source_key, version, field, reason_code, reason, created_at]
              properties:
                source_record_id: { type: string, format: uuid }
                source: { type: string }
                source_key: { type: string }
                version: { type: integer }
                field: { type: string }
                raw_value: { type: string }
                reason_code: { type: string }
                reason: { type: string }
                run_id: { type: string, format: uuid }
                created_at: { type: string, format: date-time }
            RejectedRow:
              type: object
              required: [rejected_row_id, source, file, line, reason_code, reason, created_at]
              properties:
                rejected_row_id: { type: string, format: uuid }
                source: { type: string }
                file: { type: string }
                line: { type: integer }
                reason_code: { type: string }
                reason: { type: string }
                raw_text: { type: string, description: The row as text, when it is text. }
                raw_base64: { type: string, description: The row's bytes, only when they are not text. }
                run_id: { type: string, format: uuid }
                created_at: { type: string, format: date-time }
            Error:
              type: object
              required: [error]
              properties:
                error:
                  type: object
                  required: [code, message, field]
                  properties:
                    code: { type: string }
                    message: { type: string }
                    field: { type: [string, 'null'] }
          responses:
            Decided:
              description: The decision and the golden record it applies to.
              content:
                application/json:
                  schema:
                    type: object
                    required: [decision_id, golden_id]
                    properties:
                      decision_id: { type: string, format: uuid }
                      golden_id: { type: string, format: uuid }
                      new_golden_id: { type: [string, 'null'], format: uuid }
            Invalid:
              description: A parameter or body field is missing or invalid (field names it).
              content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } }
            Unauthorized:
              description: No valid token.
              content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } }
            Forbidden:
              description: The token's role may not do this.
              content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } }
            NotFound:
              description: No such record.
              content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } }
            Conflict:
              description: The record is not in a state this applies to.
              content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } }
            Refused:
              description: The action cannot apply (a record that is not a member, an organization already confirmed…).
              content: { application/json: { schema: { $ref: '#/components/schemas/Error' } } }
        """#
}
