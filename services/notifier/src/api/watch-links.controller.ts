import { Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { NotifierRuntime } from '../runtime';
import { WatchTransitionError, confirmWatch, tokenMatches, unsubscribeWatch } from '../watches/watch';
import { confirmedPage, problemPage, unsubscribeFormPage, unsubscribedPage } from './pages';
import { NOTIFIER_RUNTIME } from './tokens';
import { TokenQuery, WatchIdParam } from './watch-api.schemas';

type Outcome = { status: number; html: string };

/** The links in emails: no API key, the token in the link is the proof. Answers are HTML pages. */
@ApiTags('links in emails')
@ApiProduces('text/html')
@Controller('watches/:id')
export class WatchLinksController {
  constructor(@Inject(NOTIFIER_RUNTIME) private readonly rt: NotifierRuntime) {}

  @Get('confirm')
  @ApiOperation({ summary: 'Confirm a watch (the link in the confirmation email)' })
  @ApiQuery({ name: 'token', required: true })
  @ApiResponse({ status: 200, description: 'confirmed (also when already confirmed)' })
  @ApiResponse({ status: 403, description: 'the token does not match' })
  @ApiResponse({ status: 404, description: 'no such watch' })
  @ApiResponse({ status: 409, description: 'the watch was unsubscribed' })
  async confirm(
    @Param('id') id: string,
    @Query('token') token: unknown,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.transition(id, token, 'confirm'));
  }

  @Get('unsubscribe')
  @ApiOperation({ summary: 'Page with a button that unsubscribes (the link in every alert)' })
  @ApiQuery({ name: 'token', required: true })
  async unsubscribePage(
    @Param('id') id: string,
    @Query('token') token: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const checked = await this.check(id, token);
    if ('status' in checked) return send(res, checked);
    if (!tokenMatches(checked.watch.unsubscribeToken, checked.token)) {
      return send(res, {
        status: 403,
        html: problemPage('Link not valid', 'This unsubscribe link is not valid.'),
      });
    }
    send(res, {
      status: 200,
      html:
        checked.watch.status === 'unsubscribed'
          ? unsubscribedPage()
          : unsubscribeFormPage(checked.watch, checked.token),
    });
  }

  @Post('unsubscribe')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Unsubscribe (RFC 8058 one-click: List-Unsubscribe-Post, and the button of the page)',
  })
  @ApiQuery({ name: 'token', required: true })
  @ApiResponse({ status: 200, description: 'unsubscribed (also when already unsubscribed or deleted)' })
  @ApiResponse({ status: 403, description: 'the token does not match' })
  async unsubscribe(
    @Param('id') id: string,
    @Query('token') token: unknown,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.transition(id, token, 'unsubscribe'));
  }

  private async check(
    id: string,
    token: unknown,
  ): Promise<
    Outcome | { watch: NonNullable<Awaited<ReturnType<NotifierRuntime['watches']['get']>>>; token: string }
  > {
    const tokenOk = TokenQuery.safeParse({ token });
    if (!WatchIdParam.safeParse(id).success || !tokenOk.success) {
      return {
        status: 400,
        html: problemPage(
          'Link not valid',
          'This link is incomplete: copy the whole address from the email.',
        ),
      };
    }
    const watch = await this.rt.watches.get(id);
    if (!watch) {
      return {
        status: 404,
        html: problemPage('Watch not found', 'This watch does not exist (it may have been deleted).'),
      };
    }
    return { watch, token: tokenOk.data.token };
  }

  private async transition(id: string, token: unknown, action: 'confirm' | 'unsubscribe'): Promise<Outcome> {
    const checked = await this.check(id, token);
    if ('status' in checked) {
      // Unsubscribing from a deleted watch has the effect asked for: no more alerts.
      return action === 'unsubscribe' && checked.status === 404
        ? { status: 200, html: unsubscribedPage() }
        : checked;
    }
    const now = new Date();
    try {
      const next =
        action === 'confirm'
          ? confirmWatch(checked.watch, checked.token, now)
          : unsubscribeWatch(checked.watch, checked.token, now);
      if (next !== checked.watch) {
        await this.rt.watches.save(next);
        this.rt.logger.info(
          { watchId: id, status: next.status },
          `watch ${action === 'confirm' ? 'confirmed' : 'unsubscribed'}`,
        );
      }
      return { status: 200, html: action === 'confirm' ? confirmedPage(next) : unsubscribedPage() };
    } catch (err) {
      if (!(err instanceof WatchTransitionError)) throw err;
      return err.reason === 'wrong_token'
        ? { status: 403, html: problemPage('Link not valid', 'This link is not valid for this watch.') }
        : {
            status: 409,
            html: problemPage(
              'Alerts were stopped',
              'This watch was unsubscribed; create a new watch to subscribe again.',
            ),
          };
    }
  }
}

function send(res: Response, o: Outcome): void {
  res.status(o.status).type('html').setHeader('Cache-Control', 'no-store').send(o.html);
}
